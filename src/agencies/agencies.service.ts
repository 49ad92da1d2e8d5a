import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Agency } from './agency.entity';

@Injectable()
export class AgenciesService {
  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  findByCode(code: string): Promise<Agency | null> {
    return this.agencies.findOneBy({ code });
  }

  listAll(): Promise<Agency[]> {
    return this.agencies.find({ order: { name: 'ASC' } });
  }
}
