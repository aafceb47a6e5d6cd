import { Module } from '@nestjs/common';
import { ReleaseService } from './release.service.js';

@Module({ providers: [ReleaseService], exports: [ReleaseService] })
export class ReleaseModule {}
