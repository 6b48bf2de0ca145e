import { IsBoolean, IsOptional } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { SafeInt, UUID } from '../scalars.js';
import { Money, NotBlank, OptionalNotNull } from '../validators.js';

/** `:productId` of the product-supplier routes. */
@ArgsType()
export class ProductSuppliersArgs {
  @Field(() => UUID, { description: 'The product.' })
  productId!: string;
}

/** Fields of a link; on update every field is optional. */
@ArgsType()
class ProductSupplierFields extends ProductSuppliersArgs {
  @Field(() => String, {
    nullable: true,
    description: "The supplier's code for the product; null clears it.",
  })
  @IsOptional()
  @NotBlank(64)
  supplierSku?: string | null;

  @Field(() => SafeInt, {
    nullable: true,
    description: "This supplier's cost price in cents; null clears it.",
  })
  @IsOptional()
  @Money(0)
  costPrice?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether this is the product's preferred supplier; true takes the preference from its other links (on linking, false when absent).",
  })
  @OptionalNotNull()
  @IsBoolean()
  isPreferred?: boolean;
}

@ArgsType()
export class LinkProductSupplierArgs extends ProductSupplierFields {
  @Field(() => UUID, { description: 'The supplier to link.' })
  supplierId!: string;
}

@ArgsType()
export class UpdateProductSupplierArgs extends ProductSupplierFields {
  @Field(() => UUID, { description: 'The linked supplier.' })
  supplierId!: string;
}

@ArgsType()
export class UnlinkProductSupplierArgs extends ProductSuppliersArgs {
  @Field(() => UUID, { description: 'The supplier to unlink.' })
  supplierId!: string;
}
