import { Department } from '../../entities/department.entity.js';
import { Product } from '../../entities/product.entity.js';
import type { RequestContext } from '../core/context.js';
import { conflict } from '../core/errors.js';
import { assertUnique, lockLive } from '../core/guards.js';

export interface DepartmentInput {
  name: string;
  code?: string | null;
}

/** Live departments, by name. */
export function listDepartments(ctx: RequestContext): Promise<Department[]> {
  return ctx.em.find(Department, { deletedAt: null }, { orderBy: { name: 'asc', id: 'asc' } });
}

/** A live department, or NOT_FOUND. */
export async function getDepartment(ctx: RequestContext, id: string): Promise<Department> {
  return ctx.em.findOneOrFail(Department, { id, deletedAt: null });
}

/** Creates a department; its code, when given, must be unused. */
export async function createDepartment(ctx: RequestContext, input: DepartmentInput): Promise<Department> {
  await assertUnique(ctx, Department, 'code', input.code, { where: { deletedAt: null } });
  const dept = ctx.em.create(Department, { name: input.name, code: input.code ?? null });
  await ctx.em.flush();
  return dept;
}

/** Updates the fields given (`code: null` clears the code). */
export async function updateDepartment(
  ctx: RequestContext,
  id: string,
  input: Partial<DepartmentInput>,
): Promise<Department> {
  const dept = await getDepartment(ctx, id);
  if (input.code !== undefined && input.code !== dept.code)
    await assertUnique(ctx, Department, 'code', input.code, { exceptId: id, where: { deletedAt: null } });
  if (input.name != null) dept.name = input.name;
  if (input.code !== undefined) dept.code = input.code;
  await ctx.em.flush();
  return dept;
}

/**
 * Deletes a department (kept as a tombstone for sync). Refused while any product, active or not,
 * still belongs to it: reports group history by department.
 */
export async function deleteDepartment(ctx: RequestContext, id: string): Promise<Department> {
  // Locked so that no product can be moved into it between the count and the delete.
  const dept = await lockLive(ctx, Department, id);
  const products = await ctx.em.count(Product, { department: id });
  if (products > 0)
    throw conflict(`Department has ${products} product(s); move them to another department first`);
  dept.deletedAt = new Date();
  await ctx.em.flush();
  return dept;
}
