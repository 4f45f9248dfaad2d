import type { Operation } from '../context.js';
import { createModelPackageGroup, deleteModelPackageGroup, describeModelPackageGroup, listModelPackageGroups } from './model-package-groups.js';
import { createModelPackage, deleteModelPackage, describeModelPackage, listModelPackages, updateModelPackage } from './model-packages.js';
import { createPipeline, deletePipeline, describePipeline, listPipelines, listPipelineVersions, updatePipeline } from './pipelines.js';

/** The one table from `X-Amz-Target` to handler. The engine's operations join it here. */
export const operations: Readonly<Record<string, Operation>> = {
  'SageMaker.CreatePipeline': createPipeline,
  'SageMaker.UpdatePipeline': updatePipeline,
  'SageMaker.DescribePipeline': describePipeline,
  'SageMaker.DeletePipeline': deletePipeline,
  'SageMaker.ListPipelines': listPipelines,
  'SageMaker.ListPipelineVersions': listPipelineVersions,
  'SageMaker.CreateModelPackageGroup': createModelPackageGroup,
  'SageMaker.DescribeModelPackageGroup': describeModelPackageGroup,
  'SageMaker.ListModelPackageGroups': listModelPackageGroups,
  'SageMaker.DeleteModelPackageGroup': deleteModelPackageGroup,
  'SageMaker.CreateModelPackage': createModelPackage,
  'SageMaker.DescribeModelPackage': describeModelPackage,
  'SageMaker.ListModelPackages': listModelPackages,
  'SageMaker.UpdateModelPackage': updateModelPackage,
  'SageMaker.DeleteModelPackage': deleteModelPackage,
};
