import { getMetadataStorage, MetadataStorage } from 'class-validator';

type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;

const remembering = new WeakSet<MetadataStorage>();

/**
 * Makes class-validator find a class's rules once instead of on every object it validates.
 * Its lookup tests every decorated class of the application for being an ancestor of the
 * validated one (typestack/class-validator#2686): with this application's DTOs that was 3 % of
 * a booking request's CPU, and more for every nested object. The answer depends only on the
 * class, the groups asked for and the rules registered so far, so it is kept per class and
 * question, and all of it is forgotten whenever a rule is registered (a class loaded later).
 * Each caller gets its own copy of the list, as before. Idempotent.
 */
export function rememberRuleLookups(storage: MetadataStorage = getMetadataStorage()): void {
  if (remembering.has(storage)) return;
  remembering.add(storage);
  let known = new WeakMap<object, Map<string, Rules>>();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const question = JSON.stringify([schema, always, strictGroups, groups]);
    let answers = known.get(target);
    if (!answers) known.set(target, (answers = new Map<string, Rules>()));
    let rules = answers.get(question);
    if (!rules)
      answers.set(question, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return [...rules];
  };
}
