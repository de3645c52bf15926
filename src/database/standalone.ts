import type { DataSource } from 'typeorm';
import { AccessTokensRepository } from '../access/access-tokens.repository';
import { TokensService } from '../access/tokens.service';
import { appConfig } from '../config/app-config';
import { EvaluationRequestsRepository } from '../gaps/evaluation-requests.repository';
import { FindingsRepository } from '../gaps/findings.repository';
import { GapsEngine } from '../gaps/gaps-engine';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { EventsRepository } from '../notifications/events.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { ReportCountsRepository } from '../reports/report-counts.repository';
import { Transactions } from './transactions';

/**
 * Services for scripts that have a DataSource and no Nest container (the CLIs, the
 * benchmark), wired by hand as Nest would wire them.
 */
export function tokensServiceOver(dataSource: DataSource): TokensService {
  return new TokensService(new AccessTokensRepository(dataSource), new LocalGovernmentsRepository(dataSource), new OrganizationsRepository(dataSource));
}

export function gapsEngineOver(dataSource: DataSource): GapsEngine {
  return new GapsEngine(new Transactions(dataSource), new LineServicesRepository(dataSource), new FindingsRepository(dataSource, appConfig()), new EvaluationRequestsRepository(dataSource), new EventsRepository(dataSource), new ReportCountsRepository());
}
