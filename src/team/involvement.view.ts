import { todayIso } from '../common/dates';
import { PractitionerView, toPractitionerView } from '../practitioners/practitioner.view';
import { Capacity, Involvement } from './involvement.entity';

export class InvolvementView {
  id!: string;
  childId!: string;
  capacity!: Capacity;
  startsOn!: string;
  endsOn!: string | null;
  /** True while today falls within startsOn..endsOn. */
  current!: boolean;
  practitioner!: PractitionerView | null;
}

export function toInvolvementView(involvement: Involvement, today = todayIso()): InvolvementView {
  return {
    id: involvement.id,
    childId: involvement.childId,
    capacity: involvement.capacity,
    startsOn: involvement.startsOn,
    endsOn: involvement.endsOn,
    current: involvement.startsOn <= today && (involvement.endsOn === null || involvement.endsOn >= today),
    practitioner: involvement.practitioner ? toPractitionerView(involvement.practitioner) : null,
  };
}
