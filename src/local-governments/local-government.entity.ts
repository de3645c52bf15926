import { Column, Entity, PrimaryColumn } from 'typeorm';

export const LG_KINDS = ['prefecture', 'city', 'town', 'village', 'ward', 'designated_city_ward'] as const;
export type LgKind = (typeof LG_KINDS)[number];

@Entity('local_governments')
export class LocalGovernment {
  @PrimaryColumn({ type: 'char', length: 6 })
  code: string;

  @Column({ name: 'prefecture_code', type: 'char', length: 2 })
  prefectureCode: string;

  @Column({ type: 'text' })
  kind: LgKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'name_kana', type: 'text' })
  nameKana: string;

  /** The designated city a ward belongs to. */
  @Column({ name: 'parent_code', type: 'char', length: 6, nullable: true })
  parentCode: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;
}
