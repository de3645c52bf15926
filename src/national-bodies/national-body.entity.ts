import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('national_bodies')
export class NationalBody {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;
}
