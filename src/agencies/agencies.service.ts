import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { describeUnknownCodes, Vocabularies } from '../common/request-checks';
import { Agency } from './agency.entity';

@Injectable()
export class AgenciesService {
  constructor(
    @InjectRepository(Agency) private readonly agencies: Repository<Agency>,
    vocabularies: Vocabularies,
  ) {
    // Agencies are registered in the database, so a code is checked there each time (a handful of rows).
    vocabularies.register('agency', {
      unknown: async (codes) => {
        const known = new Set((await this.agencies.find({ select: { code: true }, where: { code: In(codes) } })).map((agency) => agency.code));
        return codes.filter((code) => !known.has(code));
      },
      problem: async (_field, unknown) => describeUnknownCodes('agency', unknown, (await this.listAll()).map((agency) => agency.code), 'GET /api/agencies'),
    });
  }

  findByCode(code: string): Promise<Agency | null> {
    return this.agencies.findOneBy({ code });
  }

  listAll(): Promise<Agency[]> {
    return this.agencies.find({ order: { name: 'ASC' } });
  }
}
