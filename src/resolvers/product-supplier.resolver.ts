import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ProductSupplier } from '../entities/product-supplier.entity.js';
import type { RequestContext } from '../services/core/index.js';
import * as links from '../services/catalog/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import {
  LinkProductSupplierArgs,
  ProductSuppliersArgs,
  UnlinkProductSupplierArgs,
  UpdateProductSupplierArgs,
} from '../schema/args/product-supplier.args.js';

@Resolver(() => ProductSupplier)
export class ProductSupplierResolver {
  @Allow('products.view')
  @Query(() => [ProductSupplier], {
    description: 'The suppliers of a product: the preferred one first, then by supplier name.',
  })
  productSuppliers(
    @Ctx() ctx: RequestContext,
    @Args() { productId }: ProductSuppliersArgs,
  ): Promise<ProductSupplier[]> {
    return links.listProductSuppliers(ctx, productId);
  }

  @AllowChainWide('products.edit')
  @Mutation(() => ProductSupplier, { description: 'Link a supplier to a product.' })
  linkProductSupplier(
    @Ctx() ctx: RequestContext,
    @Args() { productId, ...input }: LinkProductSupplierArgs,
  ): Promise<ProductSupplier> {
    return links.linkProductSupplier(ctx, productId, input);
  }

  @AllowChainWide('products.edit')
  @Mutation(() => ProductSupplier, { description: "Update a product's link to a supplier." })
  updateProductSupplier(
    @Ctx() ctx: RequestContext,
    @Args() { productId, supplierId, ...input }: UpdateProductSupplierArgs,
  ): Promise<ProductSupplier> {
    return links.updateProductSupplier(ctx, productId, supplierId, input);
  }

  @AllowChainWide('products.edit')
  @Mutation(() => ProductSupplier, {
    description: 'Unlink a supplier from a product; returns the removed link.',
  })
  unlinkProductSupplier(
    @Ctx() ctx: RequestContext,
    @Args() { productId, supplierId }: UnlinkProductSupplierArgs,
  ): Promise<ProductSupplier> {
    return links.unlinkProductSupplier(ctx, productId, supplierId);
  }

  @FieldResolver(() => String, { description: 'Name of the supplier.' })
  supplierName(@Ctx() ctx: RequestContext, @Root() link: ProductSupplier): Promise<string> {
    return links.supplierNameOf(ctx, link);
  }
}
