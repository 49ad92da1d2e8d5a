import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'chronicle:isPublic';

/** Routes are authenticated by default; this is the explicit opt-out. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
