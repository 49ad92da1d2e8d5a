export class MentoringNoteView {
  id!: string;
  text!: string;
  writtenBy!: string;
  writtenAt!: string;
}

export class MentoringMeetingView {
  id!: string;
  heldOn!: string;
  held!: boolean;
  minutes!: number | null;
}

export class MentoringMatchView {
  id!: string;
  childId!: string;
  agency!: { id: string; name: string };
  mentor!: { id: string; name: string };
  startsOn!: string;
  endsOn!: string | null;
  endReason!: string | null;
  meetings!: MentoringMeetingView[];
  /** Present only for the charity that keeps them (the policy's MentoringNote rules); absent, never empty, for anyone else. */
  notes?: MentoringNoteView[];
}
