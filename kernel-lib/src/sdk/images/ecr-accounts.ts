/** Generated from the SageMaker Python SDK 2.257.6 image_uri_config (xgboost.json, sklearn.json): the ECR account of the
 * framework images per region, the regions' non-default domains, and each version's tag. Data, not logic. */

export const frameworkImageAccounts: Readonly<Record<string, string>> = {
  'af-south-1': '510948584623',
  'ap-east-1': '651117190479',
  'ap-northeast-1': '354813040037',
  'ap-northeast-2': '366743142698',
  'ap-northeast-3': '867004704886',
  'ap-south-1': '720646828776',
  'ap-south-2': '628508329040',
  'ap-southeast-1': '121021644041',
  'ap-southeast-2': '783357654285',
  'ap-southeast-3': '951798379941',
  'ap-southeast-4': '106583098589',
  'ca-central-1': '341280168497',
  'ca-west-1': '190319476487',
  'cn-north-1': '450853457545',
  'cn-northwest-1': '451049120500',
  'eu-central-1': '492215442770',
  'eu-central-2': '680994064768',
  'eu-north-1': '662702820516',
  'eu-south-1': '978288397137',
  'eu-south-2': '104374241257',
  'eu-west-1': '141502667606',
  'eu-west-2': '764974769150',
  'eu-west-3': '659782779980',
  'il-central-1': '898809789911',
  'me-central-1': '272398656194',
  'me-south-1': '801668240914',
  'sa-east-1': '737474898029',
  'us-east-1': '683313688378',
  'us-east-2': '257758044811',
  'us-gov-east-1': '237065988967',
  'us-gov-west-1': '414596584902',
  'us-iso-east-1': '833128469047',
  'us-isob-east-1': '281123927165',
  'us-isof-east-1': '108575199400',
  'us-isof-south-1': '124985052026',
  'us-west-1': '746614075791',
  'us-west-2': '246618743249',
};

export const regionDomains: Readonly<Record<string, string>> = {
  'cn-north-1': 'amazonaws.com.cn',
  'cn-northwest-1': 'amazonaws.com.cn',
  'us-iso-east-1': 'c2s.ic.gov',
  'us-isob-east-1': 'sc2s.sgov.gov',
  'us-isof-east-1': 'csp.hci.ic.gov',
  'us-isof-south-1': 'csp.hci.ic.gov',
};

/** Each version's tag in its repository (the only processor and Python of these images: cpu, py3). */
export const frameworkImageTags = {
  xgboost: {
    repository: 'sagemaker-xgboost',
    tags: {
      '0.90-1': '0.90-1-cpu-py3',
      '0.90-2': '0.90-2-cpu-py3',
      '1.0-1': '1.0-1-cpu-py3',
      '1.2-1': '1.2-1',
      '1.2-2': '1.2-2',
      '1.3-1': '1.3-1',
      '1.5-1': '1.5-1',
      '1.7-1': '1.7-1',
      '3.0-5': '3.0-5',
    },
  },
  sklearn: {
    repository: 'sagemaker-scikit-learn',
    tags: {
      '0.20.0': '0.20.0-cpu-py3',
      '0.23-1': '0.23-1-cpu-py3',
      '1.0-1': '1.0-1-cpu-py3',
      '1.2-1': '1.2-1-cpu-py3',
      '1.4-2': '1.4-2-cpu-py3',
    },
  },
} as const;
