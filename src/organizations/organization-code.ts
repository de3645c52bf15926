/**
 * An organisation's stable code: 2 to 32 lowercase letters, digits or _, starting with a
 * letter (the organizations table checks the same). It names the organisation in the API, in
 * an `npo` token's scope, and as the operator of its services.
 */
export const ORGANIZATION_CODE = /^[a-z][a-z0-9_]{1,31}$/;
export const ORGANIZATION_CODE_MESSAGE = 'must be 2 to 32 lowercase letters, digits or _, starting with a letter, such as dxp';
