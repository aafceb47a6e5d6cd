import { Module } from '@nestjs/common';
import { ReleaseRepository } from './release.repository.js';
import { ReleaseService } from './release.service.js';

@Module({ providers: [ReleaseService, ReleaseRepository], exports: [ReleaseService] })
export class ReleaseModule {}
