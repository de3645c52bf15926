import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { PageSessionsRepository } from './page-sessions.repository';
import { PageSessionsService } from './page-sessions.service';

/** The signed-in pages' sessions, for the dashboard and for the queue dashboard's door (admin.module.ts). */
@Module({
  imports: [AccessModule],
  providers: [PageSessionsRepository, PageSessionsService],
  exports: [PageSessionsService],
})
export class PageSessionModule {}
