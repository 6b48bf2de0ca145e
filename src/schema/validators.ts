import { IsOptional, Length, Matches, Min } from 'class-validator';

/** Reusable field rules, so every resolver validates the same things the same way. */
export const NotBlank = (max: number) => (target: object, key: string) => {
  Length(1, max)(target, key);
  Matches(/\S/, { message: `${key} must not be blank` })(target, key);
};

/** Money in cents or a quantity in thousandths that cannot be negative. */
export const NonNegative = () => Min(0);

export const Optional = () => IsOptional();
