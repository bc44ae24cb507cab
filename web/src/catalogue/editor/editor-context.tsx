import { createContext, useContext } from 'react';
import type { LabelIndex } from '../labels.js';
import type { RecordField } from '../fields.js';
import type { Requirement, Vocabularies } from '../types.js';
import type { Draft } from './draft.js';

export interface FieldMessage {
  /** `error`: a client check or a SHACL violation; `warning`: advisory (a SHACL warning). */
  readonly kind: 'error' | 'warning';
  readonly text: string;
}

export interface EditorContextValue {
  readonly draft: Draft;
  /** Changes the draft; `field` says which field the person is working on, so its problems show as they type. */
  readonly change: (field: RecordField, update: (draft: Draft) => Draft) => void;
  readonly touch: (field: RecordField) => void;
  /** What the chosen access level asks of a field; null until a level is chosen. */
  readonly requirement: (field: RecordField) => Requirement | null;
  /** The problems to show beside a control now. */
  readonly messagesFor: (control: string) => readonly FieldMessage[];
  /** The language the multilingual texts are being written in. */
  readonly language: string;
  readonly vocabularies: Vocabularies;
  readonly labels: LabelIndex;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export const useEditor = (): EditorContextValue => {
  const value = useContext(EditorContext);
  if (value === null) throw new Error('useEditor must be used inside the dataset editor');
  return value;
};
