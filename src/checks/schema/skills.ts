import { parseFrontMatter } from '../../parse/front-matter.js';
import { shippedSchema } from '../../schema/shipped.js';
import { compileSchema } from '../../schema/validate.js';
import { CHECK, Context, found, FIRST, frontMatterPositions, validateWith } from './context.js';

export function checkSkills(ctx: Context): void {
  const validate = compileSchema(shippedSchema('skill-front-matter'));
  for (const skill of ctx.kit.skills) {
    const text = ctx.read(skill.file);
    if (text === undefined) continue;
    const fm = parseFrontMatter(text, skill.file, CHECK);
    if (!fm.present) {
      ctx.out.push(
        found(
          'skill-front-matter-missing',
          skill.file,
          FIRST,
          `${skill.file} has no front matter; hosts need a name and a description to load the skill`,
          `Start the file with:\n---\nname: ${skill.id}\ndescription: <when to use this skill>\n---`
        )
      );
      continue;
    }
    ctx.out.push(...fm.findings);
    if (fm.data === undefined) continue;
    const positions = frontMatterPositions(fm);
    ctx.out.push(...validateWith(validate, fm.data, positions, 'skill-invalid', skill.file, `${skill.file} front matter`));
    const name = fm.data.name;
    if (typeof name === 'string' && name !== '' && skillBaseName(name) !== skill.id) {
      ctx.out.push(
        found(
          'skill-name-mismatch',
          skill.file,
          positions.valueSpan(['name']),
          `skill name "${name}" does not match its folder "${skill.id}"`,
          `Set \`name: ${name.includes(':') ? `${name.slice(0, name.lastIndexOf(':') + 1)}${skill.id}` : skill.id}\`, or rename the folder to "${skillBaseName(name)}".`
        )
      );
    }
  }
}

/** A skill name without its namespace prefix (`wz:brainstorming` -> `brainstorming`). */
function skillBaseName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}
