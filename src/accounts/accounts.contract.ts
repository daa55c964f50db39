/**
 * What a module that keeps a person's data outside the account's own tables provides to the
 * account's export and deletion (mentoring does: MENTORING_PERSONAL_DATA). Accounts declares
 * it; the module provides it, so that accounts need not import the module.
 */
export interface PersonalDataSource<T> {
  /** What the module keeps about the person, or null when nothing. */
  exportOf(userId: string): Promise<T | null>;
  /** Removes or anonymises it, in the deletion's transaction, before the account's row goes. */
  forget(userId: string): Promise<void>;
}

/** A training module the mentor attended, as the export lists it. */
export interface ExportedTraining {
  title: string;
  hours: number;
  attendedOn: string | null;
  source: 'forum' | 'record' | null;
}

/** A meeting the mentor logged, with their private note. */
export interface ExportedMeeting {
  assignmentId: string;
  startsAt: string;
  durationMinutes: number;
  format: string;
  topics: string[];
  note: string | null;
}

/** The mentor profile of a person, with training and logged meetings. */
export interface ExportedMentor {
  id: string;
  languages: string[];
  topics: string[];
  bio: string | null;
  district: string | null;
  capacity: number;
  availability: string[];
  status: string;
  certifiedAt: string | null;
  createdAt: string;
  training: ExportedTraining[];
  meetings: ExportedMeeting[];
}

export const MENTORING_PERSONAL_DATA = Symbol('MENTORING_PERSONAL_DATA');
