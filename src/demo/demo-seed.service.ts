import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { AuditService } from '../audit/audit.service';
import { ChildIdentifier } from '../children/child-identifier.entity';
import { Child } from '../children/child.entity';
import { normaliseIdentifier } from '../children/identifier-format';
import { ChronologyEntryVersion } from '../chronology/chronology-entry-version.entity';
import { ChronologyEntry } from '../chronology/chronology-entry.entity';
import { applyChanges, checkAndNormaliseContent, contentFromDto, EntryContent } from '../chronology/entry-content';
import { EventTaxonomyService } from '../chronology/event-taxonomy.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Practitioner } from '../practitioners/practitioner.entity';
import { SharingDecision } from '../sharing/sharing-decision.entity';
import { Involvement } from '../team/involvement.entity';
import { writeDemoAuditHistory } from './demo-audit-history';
import { seedConnorMentoring } from './demo-mentoring';
import { DemoData, DemoEntry, loadDemoData } from './demo-data';

/** The database owner's connection, for the demo's audit history (which the server's own role may not write). */
export const DEMO_OWNER_URL = Symbol('DEMO_OWNER_URL');

const HOUR = 3_600_000;

/** Loads the demo agencies, users, children and chronology once, into an empty database, in demo mode only. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: EventTaxonomyService,
    private readonly audit: AuditService,
    @Optional() @Inject(DEMO_OWNER_URL) private readonly ownerUrl?: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoMode) return;
    const data = loadDemoData(this.config.configDir);
    const seeded = await this.dataSource.transaction(async (manager) => {
      // Several instances may start at once on one database; only one seeds.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('chronicle:demo-seed'))`);
      if (await manager.existsBy(Agency, { code: data.agencies[0].code })) return false;
      const counts = await this.seed(manager, data);
      this.logger.log(`Demo data loaded: ${counts.children} children, ${counts.entries} chronology entries, ${data.users.length} users`);
      return true;
    });
    if (!seeded) return;
    if (!this.ownerUrl) {
      this.logger.warn('Demo audit history not loaded: past events can only be written as the database owner (DATABASE_MIGRATION_URL)');
      return;
    }
    const events = await writeDemoAuditHistory(this.ownerUrl);
    this.logger.log(`Demo audit history loaded: ${events} events over the last month, linked into the audit chain`);
  }

  private async seed(manager: EntityManager, data: DemoData): Promise<{ children: number; entries: number }> {
    const agencies = new Map<string, Agency>();
    for (const agency of data.agencies) agencies.set(agency.code, await manager.save(manager.create(Agency, agency)));
    const practitioners = new Map<string, Practitioner>();
    for (const user of data.users) {
      const agency = requireKey(agencies, user.agency, `agency of ${user.username}`);
      practitioners.set(
        user.username,
        await manager.save(
          manager.create(Practitioner, { subject: user.username, name: user.name, email: user.email, jobTitle: user.jobTitle, agencyId: agency.id, role: user.role }),
        ),
      );
    }
    const administrator = data.users.find((user) => user.role === 'administrator');
    const creator = requireKey(practitioners, administrator?.username ?? '', 'demo administrator');
    let entries = 0;
    for (const demoChild of data.children) {
      const child = await manager.save(
        manager.create(Child, {
          givenName: demoChild.givenName,
          familyName: demoChild.familyName,
          knownAs: demoChild.knownAs ?? null,
          dateOfBirth: demoChild.dateOfBirth,
          createdById: creator.id,
          identifiers: demoChild.identifiers.map(({ scheme, value }) => manager.create(ChildIdentifier, { scheme, value: normaliseIdentifier(value) })),
        }),
      );
      for (const member of demoChild.team) {
        await manager.insert(Involvement, {
          childId: child.id,
          practitionerId: requireKey(practitioners, member.username, 'team member').id,
          capacity: member.capacity,
          startsOn: member.startsOn,
          endsOn: member.endsOn ?? null,
          createdById: creator.id,
        });
      }
      for (const demoEntry of demoChild.entries) {
        await this.seedEntry(manager, child.id, demoEntry, practitioners, agencies);
        entries += 1;
      }
      if (demoChild.givenName === 'Connor') await seedConnorMentoring(manager, child.id, practitioners);
    }
    await this.audit.recordSystemEvent(manager, { action: 'demo.seed', details: { children: data.children.length, entries } });
    return { children: data.children.length, entries };
  }

  private async seedEntry(
    manager: EntityManager,
    childId: string,
    demo: DemoEntry,
    practitioners: Map<string, Practitioner>,
    agencies: Map<string, Agency>,
  ): Promise<void> {
    const { author: authorName, amendments = [], enteredInError, shares = [], ...dto } = demo;
    const author = requireKey(practitioners, authorName, 'entry author');
    const find = (code: string) => this.taxonomy.find(code);
    // Recorded the working day after the event, as practitioners typically do.
    const recordedAt = notAfterNow(Date.parse(`${dto.eventDate}T09:30:00Z`) + 24 * HOUR);
    let content = checkAndNormaliseContent(contentFromDto(dto), find);
    const entry = await manager.save(
      manager.create(ChronologyEntry, { childId, sourceAgencyId: author.agencyId, authorId: author.id, recordedAt, status: 'current', currentVersion: 1 }),
    );
    const versions: { change: ChronologyEntryVersion['change']; reason: string | null; by: Practitioner; content: EntryContent }[] = [
      { change: 'created', reason: null, by: author, content },
    ];
    for (const amendment of amendments) {
      content = checkAndNormaliseContent(applyChanges(content, amendment.changes).content, find);
      versions.push({ change: 'amended', reason: amendment.reason, by: requireKey(practitioners, amendment.author, 'amending author'), content });
    }
    if (enteredInError) {
      versions.push({ change: 'entered-in-error', reason: enteredInError.reason, by: requireKey(practitioners, enteredInError.author, 'author'), content });
    }
    for (const [index, version] of versions.entries()) {
      await manager.insert(ChronologyEntryVersion, {
        ...version.content,
        entryId: entry.id,
        versionNumber: index + 1,
        change: version.change,
        changeReason: version.reason,
        changedById: version.by.id,
        changedAt: notAfterNow(recordedAt.getTime() + index * 26 * HOUR),
      });
    }
    const last = versions[versions.length - 1];
    await manager.update(ChronologyEntry, { id: entry.id }, { currentVersion: versions.length, status: last.change === 'created' ? 'current' : last.change });
    for (const { by, with: recipient, ...share } of shares) {
      await manager.insert(SharingDecision, {
        necessity: null,
        lawfulBasis: null,
        familyNotInformedReason: null,
        familyViews: null,
        ...share,
        entryId: entry.id,
        childId,
        recipientAgencyId: requireKey(agencies, recipient, 'share recipient').id,
        decidedById: requireKey(practitioners, by, 'sharing practitioner').id,
        decidedAt: notAfterNow(recordedAt.getTime() + 2 * HOUR),
      });
    }
  }
}

function requireKey<T>(map: Map<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Demo data refers to an unknown ${what}: "${key}"`);
  return value;
}

function notAfterNow(epochMs: number): Date {
  return new Date(Math.min(epochMs, Date.now()));
}
