/**
 * The one SELECT list for reading entries; `v` is whichever version is wanted (current or historic).
 * Raw SQL keeps the merged chronology to a single indexed join with no ORM hydration cost.
 */
export const ENTRY_ROW_SELECT = `
  e.id AS "id", e.child_id AS "childId", e.status AS "status", e.current_version AS "currentVersion", e.recorded_at AS "recordedAt",
  v.version_number AS "versionNumber", v.change AS "change", v.change_reason AS "changeReason", v.changed_at AS "changedAt",
  cb.name AS "changedByName", cba.name AS "changedByAgencyName",
  a.id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", a.type AS "agencyType",
  au.id AS "authorId", au.name AS "authorName", au.job_title AS "authorJobTitle", au.role AS "authorRole",
  v.event_date AS "eventDate", v.event_end_date AS "eventEndDate", v.date_precision AS "datePrecision", v.event_time AS "eventTime",
  v.event_type AS "eventType", v.wellbeing_indicators AS "wellbeingIndicators", v.summary AS "summary", v.detail AS "detail",
  v.significant AS "significant", v.nature AS "nature", v.impact_on_child AS "impactOnChild", v.action_taken AS "actionTaken",
  v.no_action_reason AS "noActionReason", v.outcome AS "outcome", v.professional_analysis AS "professionalAnalysis",
  v.child_view AS "childView", v.information_source AS "informationSource", v.source_reference AS "sourceReference",
  v.sensitivity AS "sensitivity", v.lawful_basis AS "lawfulBasis", v.names_third_parties AS "namesThirdParties"`;

export const ENTRY_ROW_JOINS = `
  JOIN agencies a ON a.id = e.source_agency_id
  JOIN practitioners au ON au.id = e.author_id
  JOIN practitioners cb ON cb.id = v.changed_by_id
  JOIN agencies cba ON cba.id = cb.agency_id`;

export const CHRONOLOGY_ORDER = `v.event_date ASC, v.event_time ASC NULLS FIRST, e.recorded_at ASC, e.id ASC`;
