import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, BucketEncryption, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import { QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';

/** One place for the secure defaults every bucket gets: no public access, TLS only, encrypted, versioned, kept on delete. */
export const SECURE_BUCKET_DEFAULTS: BucketProps = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
  versioned: true,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
};

/** Every queue: encrypted at rest and reachable over TLS only. */
export const SECURE_QUEUE_DEFAULTS: QueueProps = {
  encryption: QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
};
