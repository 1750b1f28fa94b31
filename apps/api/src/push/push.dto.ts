import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsObject, IsOptional, IsString, IsUrl, MaxLength, Validate, ValidateNested, type ValidatorConstraintInterface, ValidatorConstraint, type ValidationArguments } from 'class-validator';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** A base64url text that decodes to `bytes` bytes (and, for a public key, starts as an uncompressed point). */
@ValidatorConstraint({ name: 'base64urlBytes' })
class Base64UrlBytes implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [bytes, firstByte] = args.constraints as [number, number | undefined];
    if (typeof value !== 'string' || !BASE64URL.test(value)) return false;
    const decoded = Buffer.from(value, 'base64url');
    return decoded.length === bytes && (firstByte === undefined || decoded[0] === firstByte);
  }
  defaultMessage(args: ValidationArguments): string {
    const [bytes, firstByte] = args.constraints as [number, number | undefined];
    return `${args.property} must be base64url of ${bytes} bytes${firstByte === undefined ? '' : ' (an uncompressed P-256 public key, starting with 0x04)'}`;
  }
}

/** The browser's keys for encrypting pushes to it (RFC 8291): `PushSubscription.toJSON().keys`. */
export class PushKeysDto {
  @ApiProperty({ description: "the browser's P-256 ECDH public key, uncompressed (65 bytes), base64url", example: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM' })
  @IsString()
  @Validate(Base64UrlBytes, [65, 0x04])
  p256dh!: string;

  @ApiProperty({ description: 'the authentication secret (16 bytes), base64url', example: 'tBHItJI5svbpez7KI4CCXg' })
  @IsString()
  @Validate(Base64UrlBytes, [16])
  auth!: string;
}

/** What `PushSubscription.toJSON()` gives in the browser (expirationTime is ignored). */
export class CreatePushSubscriptionDto {
  @ApiProperty({ description: "the browser's push service URL (https)", example: 'https://fcm.googleapis.com/fcm/send/c1Kf...', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false, require_valid_protocol: true }, { message: 'endpoint must be an https URL' })
  endpoint!: string;

  @ApiProperty({ type: PushKeysDto })
  @IsDefined()
  // An array of key objects would pass the nested validation element by element (then a 500).
  @IsObject()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys!: PushKeysDto;

  @ApiProperty({ required: false, nullable: true, type: Number, description: 'ignored: the push service says when a subscription is gone' })
  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;
}

export class DeletePushSubscriptionQuery {
  @ApiProperty({ description: 'the endpoint of the browser to stop pushing to', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  endpoint!: string;
}
