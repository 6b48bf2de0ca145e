import { Args, Ctx, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Product } from '../entities/product.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as products from '../services/catalog/index.js';
import { Allow, AllowChainWide } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import {
  BarcodeArgs,
  CreateProductArgs,
  ProductAtStoreArgs,
  ProductListArgs,
  UpdateProductArgs,
} from '../schema/args/product.args.js';
import { ProductChange, ProductDetail, ProductPage } from '../schema/types/product.types.js';

@Resolver(() => Product)
export class ProductResolver {
  @Allow('products.view')
  @Query(() => ProductPage, { description: 'Products, searchable by name, SKU or barcode; paginated.' })
  products(@Ctx() ctx: RequestContext, @Args() args: ProductListArgs): Promise<PageResult<Product>> {
    return products.listProducts(ctx, args);
  }

  @Allow('products.view')
  @Query(() => ProductDetail, {
    description:
      "One product, priced at a store (the caller's by default), with the tax rates that apply to it.",
  })
  product(
    @Ctx() ctx: RequestContext,
    @Args() { id, storeId }: ProductAtStoreArgs,
  ): Promise<products.ProductAtStore> {
    return products.productAt(ctx, id, storeId);
  }

  @Allow('products.view')
  @Query(() => ProductDetail, {
    description:
      "The active product with this barcode (the till's scan), priced at a store (the caller's by default), with its tax rates.",
  })
  productByBarcode(
    @Ctx() ctx: RequestContext,
    @Args() { barcode, storeId }: BarcodeArgs,
  ): Promise<products.ProductAtStore> {
    return products.findProductByBarcode(ctx, barcode, storeId);
  }

  @AllowChainWide('products.create')
  @Mutation(() => Product, { description: 'Create a product.' })
  createProduct(@Ctx() ctx: RequestContext, @Args() args: CreateProductArgs): Promise<Product> {
    return products.createProduct(ctx, args);
  }

  @AllowChainWide('products.edit')
  @Mutation(() => Product, { description: 'Update a product (the SKU cannot change).' })
  updateProduct(@Ctx() ctx: RequestContext, @Args() { id, ...input }: UpdateProductArgs): Promise<Product> {
    return products.updateProduct(ctx, id, input);
  }

  @AllowChainWide('products.edit')
  @Mutation(() => Product, { description: 'Flip the active flag of a product.' })
  toggleProductActive(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Product> {
    return products.toggleProductActive(ctx, id);
  }

  @AllowChainWide('products.delete')
  @Mutation(() => Product, {
    description: 'Soft-delete a product: it becomes inactive and stays for history.',
  })
  deleteProduct(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<Product> {
    return products.deleteProduct(ctx, id);
  }

  @Allow('products.view')
  @Subscription(() => ProductChange, {
    topics: 'PRODUCT_CHANGED',
    description: 'Live feed of product creations, changes and deactivations.',
  })
  productChanged(@Root() change: ProductChange): ProductChange {
    return change;
  }
}
