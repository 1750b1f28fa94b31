import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'reception' }) @IsString() @Length(1, 100) username!: string;
  @ApiProperty({ example: 'demo' }) @IsString() @Length(1, 200) password!: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @Length(20, 200) refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @Length(1, 200) currentPassword!: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) newPassword!: string;
}
