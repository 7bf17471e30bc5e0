import { parseFrontMatter } from '../../parse/front-matter.js';
import { shippedSchema } from '../../schema/shipped.js';
import { compileSchema } from '../../schema/validate.js';
import { CHECK, Context, found, FIRST, frontMatterPositions, scalarEdit, validateWith } from './context.js';
import { append } from '../../model/append.js';

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
    append(ctx.out, fm.findings);
    if (fm.data === undefined) continue;
    const positions = frontMatterPositions(fm);
    append(ctx.out, validateWith(validate, fm.data, positions, 'skill-invalid', skill.file, `${skill.file} front matter`));
    const name = fm.data.name;
    if (typeof name === 'string' && name !== '' && skillBaseName(name) !== skill.id) {
      // a namespace prefix (`wz:`) is the kit's convention and is kept
      const wanted = `${name.slice(0, name.lastIndexOf(':') + 1)}${skill.id}`;
      const span = positions.valueSpan(['name']);
      const finding = found('skill-name-mismatch', skill.file, span, `skill name "${name}" does not match its folder "${skill.id}"`, `Set \`name: ${wanted}\`, or rename the folder to "${skillBaseName(name)}".`);
      const edit = scalarEdit(skill.file, text, span, wanted);
      if (edit) finding.edits = [edit];
      ctx.out.push(finding);
    }
  }
}

/** A skill name without its namespace prefix (`wz:brainstorming` -> `brainstorming`). */
function skillBaseName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}
