import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNumber, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { SecondPersonDto } from '../../auth/dto/second-person.dto.js';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { trimScan } from '../../packs/dto/scan.dto.js';

export class OpenLoadDto {
  @ApiProperty() @IsUUID() sterilizerId: string;
  @ApiProperty() @IsUUID() programId: string;
  @ApiPropertyOptional({
    description: 'an empty-chamber test run (BI qualification after installation or repair, or to clear a BI block); takes no packs',
  })
  @Optional()
  @IsBoolean()
  emptyChamber?: boolean;
}

export class PhysicalRecordDto {
  @ApiProperty({ example: 134.2 }) @IsNumber() @Min(0) @Max(200) tempMinC: number;
  @ApiProperty({ example: 135.6 }) @IsNumber() @Min(0) @Max(200) tempMaxC: number;
  @ApiProperty({ example: 4.5 }) @IsNumber() @Min(0) @Max(600) holdMinutes: number;
  @ApiPropertyOptional({ example: 208 }) @Optional() @IsNumber() @Min(0) @Max(1000) pressureMinKpa?: number;
  @ApiPropertyOptional({ example: 225 }) @Optional() @IsNumber() @Min(0) @Max(1000) pressureMaxKpa?: number;
  @ApiPropertyOptional({ example: 7.2 }) @Optional() @IsNumber() @Min(0) @Max(1000) h2o2MgL?: number;
  @ApiProperty({
    description: `the cycle’s start as the sterilizer’s printout reports it (issue 18: every unloading states it, read from the printout); ${HOSPITAL_TIME_FORMS}`,
  })
  @IsHospitalTime()
  cycleStartedAt: string;
  @ApiProperty({ description: `the cycle’s end as the printout reports it; ${HOSPITAL_TIME_FORMS}` })
  @IsHospitalTime()
  cycleEndedAt: string;
}

/** A pack that did not pass its unloading checks; every pack not listed passed them. */
export class UnloadExceptionDto {
  @ApiProperty({ example: 'P00000000017' }) @trimScan @IsString() @Length(1, 64) code: string;
  @ApiPropertyOptional({ description: '湿包 wet pack' }) @Optional() @IsBoolean() wet?: boolean;
  @ApiPropertyOptional({ description: '破损 damaged packaging' }) @Optional() @IsBoolean() damaged?: boolean;
  @ApiPropertyOptional({ description: 'outside chemical indicator (tape) changed colour properly' })
  @Optional()
  @IsBoolean()
  outsideIndicatorPassed?: boolean;
}

export class CompleteLoadDto {
  @ApiProperty({ type: PhysicalRecordDto }) @ValidateNested() @Type(() => PhysicalRecordDto) physical: PhysicalRecordDto;
  @ApiProperty({ description: 'load-level chemical indicator (batch monitoring) passed' }) @IsBoolean() loadIndicatorPassed: boolean;
  @ApiPropertyOptional({ type: [UnloadExceptionDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => UnloadExceptionDto)
  exceptions?: UnloadExceptionDto[];
  @ApiProperty({ type: SecondPersonDto, description: 'the quality monitor co-signing the unloading (seed 1.4)' })
  @ValidateNested()
  @Type(() => SecondPersonDto)
  secondPerson: SecondPersonDto;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export class ListLoadsQuery {
  @ApiPropertyOptional() @Optional() @IsUUID() sterilizerId?: string;
  @ApiPropertyOptional() @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) cycleNo?: number;
}
