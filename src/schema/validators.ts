import { Length, Matches } from 'class-validator';

/** Reusable field rules, so every resolver validates the same things the same way. */
export const NotBlank = (max: number) => (target: object, key: string) => {
  Length(1, max)(target, key);
  Matches(/\S/, { message: `${key} must not be blank` })(target, key);
};
