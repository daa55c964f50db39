import {
  getMetadataStorage,
  IsInt,
  IsOptional,
  IsString,
  MetadataStorage,
  validate,
} from 'class-validator';
import { IsNestedObject } from './nested';
import { rememberRuleLookups } from './rule-lookups';

class BaseDto {
  @IsString()
  name!: string;

  @IsInt({ groups: ['admin'] })
  rank?: number;
}

class ChildDto extends BaseDto {
  @IsOptional()
  @IsString({ always: true })
  note?: string;
}

class OuterDto {
  @IsNestedObject(() => ChildDto)
  child!: ChildDto;
}

/** What a lookup says, comparable across two storages' answers. */
const described = (rules: ReturnType<MetadataStorage['getTargetValidationMetadatas']>) =>
  rules.map(({ target, propertyName, name, type, groups, always }) => ({
    target: (target as { name?: string }).name ?? target,
    propertyName,
    name,
    type,
    groups,
    always,
  }));

/** A storage of its own holding the same rules as `storage`, not remembering. */
function plainCopyOf(storage: MetadataStorage): MetadataStorage {
  const copy = new MetadataStorage();
  const own = storage as unknown as { validationMetadatas: Map<unknown, unknown[]> };
  for (const list of own.validationMetadatas.values()) {
    for (const metadata of list) copy.addValidationMetadata(metadata as never);
  }
  return copy;
}

describe('rememberRuleLookups', () => {
  const questions: [string, boolean, boolean, string[] | undefined][] = [
    ['', false, false, undefined],
    ['', true, false, undefined],
    ['', false, true, undefined],
    ['', false, false, []],
    ['', false, false, ['admin']],
    ['', false, true, ['other']],
  ];

  it('answers every question as class-validator itself does, inherited rules included', () => {
    const global = plainCopyOf(getMetadataStorage());
    const storage = plainCopyOf(getMetadataStorage());
    rememberRuleLookups(storage);
    for (const target of [BaseDto, ChildDto, OuterDto]) {
      for (const [schema, always, strict, groups] of questions) {
        const expected = described(
          global.getTargetValidationMetadatas(target, schema, always, strict, groups),
        );
        // Asked twice: the second answer comes from memory.
        for (let i = 0; i < 2; i++) {
          expect(
            described(storage.getTargetValidationMetadatas(target, schema, always, strict, groups)),
          ).toEqual(expected);
        }
      }
    }
    // The child's list holds its own rule and the two it inherits.
    expect(
      described(storage.getTargetValidationMetadatas(ChildDto, '', false, false)).map(
        (rule) => `${rule.propertyName}:${rule.name ?? rule.type}`,
      ),
    ).toEqual(['note:isString', 'note:isOptional', 'name:isString', 'rank:isInt']);
  });

  it('sees a rule registered after a lookup, and gives each caller its own list', () => {
    const storage = plainCopyOf(getMetadataStorage());
    rememberRuleLookups(storage);
    rememberRuleLookups(storage);
    const before = storage.getTargetValidationMetadatas(ChildDto, '', false, false);
    const count = before.length;
    before.length = 0;
    expect(storage.getTargetValidationMetadatas(ChildDto, '', false, false)).toHaveLength(count);

    const [rule] = storage.getTargetValidationMetadatas(BaseDto, '', true, false);
    storage.addValidationMetadata(
      Object.assign(Object.create(Object.getPrototypeOf(rule) as object), rule, {
        propertyName: 'added',
      }) as never,
    );
    const after = storage.getTargetValidationMetadatas(ChildDto, '', false, false);
    expect(after).toHaveLength(count + 1);
    expect(after.map((one) => one.propertyName)).toContain('added');
  });

  it('validates as before once the global storage remembers', async () => {
    rememberRuleLookups();
    const outer = Object.assign(new OuterDto(), {
      child: Object.assign(new ChildDto(), { name: 3, note: 'x' }),
    });
    for (let i = 0; i < 2; i++) {
      const [error] = await validate(outer);
      expect(error.property).toBe('child');
      expect(error.children?.[0]).toMatchObject({
        property: 'name',
        constraints: { isString: expect.any(String) },
      });
    }
    expect(await validate(Object.assign(new ChildDto(), { name: 'ok', rank: 1 }))).toEqual([]);
    // Grouped rules: `rank` is checked for admins, `note` always, `name` not.
    const admin = await validate(Object.assign(new ChildDto(), { name: 3, rank: 'x', note: 4 }), {
      groups: ['admin'],
    });
    expect(admin.map((error) => error.property).sort()).toEqual(['note', 'rank']);
  });
});
