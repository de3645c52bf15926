import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, notFound } from '../common/errors';
import { FallbackChannelsRepository } from '../line-services/fallback-channels.repository';
import { LineServicesRepository } from '../line-services/line-services.repository';
import type { Hours } from './hours';
import { toOpeningHours } from './osm';
import { OpeningHoursSpecification, toOpeningHoursSpecification } from './schema-org';

/** Hours in the interchange forms: the canonical JSON, OSM opening_hours where it maps, schema.org. */
export interface HoursExport {
  hours: Hours;
  openingHours: string | null;
  /** Every part with no one-to-one OSM form, by path; empty when openingHours is given. */
  openingHoursUnmappable: string[];
  /** Null for the days form, whose times are not known. */
  openingHoursSpecification: OpeningHoursSpecification[] | null;
}

export interface ServiceHoursExport {
  serviceId: string;
  line: HoursExport | null;
  channels: { channelId: string; kind: string; label: string; hours: HoursExport | null }[];
}

@Injectable()
export class HoursInterchangeService {
  constructor(
    private readonly services: LineServicesRepository,
    private readonly channels: FallbackChannelsRepository,
  ) {}

  async exportOf(serviceId: string, now = new Date()): Promise<ServiceHoursExport> {
    const service = await this.services.findById(serviceId);
    if (!service) throw notFound(`service ${serviceId}`);
    const channels = await this.channels.channelsOf([serviceId]);
    return {
      serviceId,
      line: service.line_hours ? exportHours(service.line_hours, now) : null,
      channels: channels.map((channel) => ({ channelId: channel.id, kind: channel.kind, label: channel.label, hours: channel.hours ? exportHours(channel.hours, now) : null })),
    };
  }

  /** The OSM string of the service's LINE hours (`of` = line) or of one of its channels; 422 naming what does not map. */
  async openingHoursOf(serviceId: string, of: string): Promise<string> {
    const service = await this.services.findById(serviceId);
    if (!service) throw notFound(`service ${serviceId}`);
    let hours: Hours | null;
    if (of === 'line') {
      hours = service.line_hours;
      if (!hours) throw notFound(`hours of the LINE service ${serviceId}`);
    } else {
      const channel = await this.channels.findById(of);
      if (!channel || channel.service_id !== serviceId) throw notFound(`fallback channel ${of} of service ${serviceId}`);
      hours = channel.hours;
      if (!hours) throw notFound(`hours of fallback channel ${of}`);
    }
    const result = toOpeningHours(hours);
    if ('value' in result) return result.value;
    const details = result.unmappable.map((problem) => {
      const at = problem.indexOf(': ');
      return { field: `hours.${problem.slice(0, at)}`, message: problem.slice(at + 2) };
    });
    throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, `these hours have no OSM opening_hours form: ${result.unmappable.join('; ')}`, details);
  }
}

function exportHours(hours: Hours, now: Date): HoursExport {
  const osm = toOpeningHours(hours);
  return {
    hours,
    openingHours: 'value' in osm ? osm.value : null,
    openingHoursUnmappable: 'value' in osm ? [] : osm.unmappable,
    openingHoursSpecification: toOpeningHoursSpecification(hours, now),
  };
}
