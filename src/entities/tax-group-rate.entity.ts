import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { TaxGroup } from './tax-group.entity.js';
import { TaxRate } from './tax-rate.entity.js';

/** A rate's place in a group: rates apply in `sortOrder` (it matters for compound taxes). */
@Entity({ tableName: 'tax_group_rate' })
export class TaxGroupRate {
  @ManyToOne(() => TaxGroup, { ref: true, primary: true, deleteRule: 'cascade' })
  taxGroup!: Ref<TaxGroup>;

  @Index({ name: 'tax_group_rate_rate_idx' })
  @ManyToOne(() => TaxRate, { ref: true, primary: true, deleteRule: 'restrict' })
  taxRate!: Ref<TaxRate>;

  @Property({ type: 'integer' })
  sortOrder!: number;
}
