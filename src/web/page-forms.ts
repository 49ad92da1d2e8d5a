import { CreateAccessClaimDto } from '../access/dto/create-access-claim.dto';
import { ReviewAccessClaimDto } from '../access/dto/review-access-claim.dto';
import { CreateChildDto } from '../children/dto/create-child.dto';
import { ChildLookupQuery, SearchChildrenQuery } from '../children/dto/search-children.query';
import { AmendEntryDto, MarkEnteredInErrorDto } from '../chronology/dto/amend-entry.dto';
import { EntryContentDto } from '../chronology/dto/entry-content.dto';
import { RecordDisputeDto } from '../disputes/dto/dispute.dto';
import { CreateExportDto } from '../export/dto/create-export.dto';
import { EndMatchDto, MentorConcernDto, MentorNoteDto, RecordMeetingDto, StartMatchDto } from '../mentoring/dto/mentoring.dto';
import { NotificationPreferencesDto } from '../notifications/dto/notification-preferences.dto';
import { ExtendRetentionDto, LiftLegalHoldDto, PlaceLegalHoldDto, RetentionRecordDto } from '../retention/dto/retention.dto';
import { RecordSharingDecisionDto } from '../sharing/dto/record-sharing-decision.dto';
import { CloseSubjectAccessRequestDto, ExtendSubjectAccessRequestDto, ProducePackDto, RecordSubjectAccessRequestDto, ReleaseEntryDto } from '../subject-access/dto/subject-access.dto';
import { AddInvolvementDto, EndInvolvementDto } from '../team/dto/add-involvement.dto';

/**
 * The DTOs the pages' posted forms are checked with (ApiFormValidation): the form body limit is
 * what the largest of them may carry (common/body-limits.ts). A page that checks a form with
 * another DTO adds it here; page-forms.spec.ts fails until it does.
 */
export const PAGE_FORM_DTOS = [
  EntryContentDto,
  AmendEntryDto,
  MarkEnteredInErrorDto,
  RecordSharingDecisionDto,
  CreateExportDto,
  CreateAccessClaimDto,
  ReviewAccessClaimDto,
  RecordDisputeDto,
  CreateChildDto,
  AddInvolvementDto,
  EndInvolvementDto,
  SearchChildrenQuery,
  ChildLookupQuery,
  StartMatchDto,
  EndMatchDto,
  RecordMeetingDto,
  MentorNoteDto,
  MentorConcernDto,
  NotificationPreferencesDto,
  RetentionRecordDto,
  ExtendRetentionDto,
  PlaceLegalHoldDto,
  LiftLegalHoldDto,
  RecordSubjectAccessRequestDto,
  ExtendSubjectAccessRequestDto,
  CloseSubjectAccessRequestDto,
  ReleaseEntryDto,
  ProducePackDto,
];
