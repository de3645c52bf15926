import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Hours } from '../hours/hours';
import type { ChannelKind } from './contact';

@Entity('fallback_channels')
export class FallbackChannel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @Column({ type: 'text' })
  kind: ChannelKind;

  /** The chat platform's name, for kind chat_platform. */
  @Column({ type: 'text', nullable: true })
  platform: string | null;

  @Column({ type: 'text' })
  label: string;

  /** Empty when the contact detail is not known. */
  @Column({ type: 'text' })
  contact: string;

  @Column({ type: 'jsonb', nullable: true })
  hours: Hours | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'valid_from', type: 'timestamptz', nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
