/** A contact property definition in the shape `GET /crm/v3/properties/contacts` returns. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined: boolean;
  displayOrder: number;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
    readOnlyOptions?: boolean;
  };
}

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

function option(value: string, label: string, displayOrder: number): PropertyOption {
  return { label, value, displayOrder, hidden: false, description: '' };
}

interface DefinitionInput {
  name: string;
  label: string;
  type?: PropertyDefinition['type'];
  fieldType?: string;
  groupName?: string;
  options?: PropertyOption[];
  readOnly?: boolean;
  hasUniqueValue?: boolean;
  formField?: boolean;
}

/** Builds a HubSpot-defined property with the defaults most contact properties share. */
function hubspotProperty(input: DefinitionInput, displayOrder: number): PropertyDefinition {
  const readOnly = input.readOnly ?? false;
  return {
    name: input.name,
    label: input.label,
    type: input.type ?? 'string',
    fieldType: input.fieldType ?? 'text',
    groupName: input.groupName ?? 'contactinformation',
    description: '',
    options: input.options ?? [],
    hasUniqueValue: input.hasUniqueValue ?? false,
    hidden: false,
    formField: input.formField ?? !readOnly,
    calculated: false,
    externalOptions: false,
    hubspotDefined: true,
    displayOrder,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: readOnly },
  };
}

const LIFECYCLE_STAGES = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
] as const;

const LEAD_STATUSES = [
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
] as const;

const DEFAULT_INPUTS: DefinitionInput[] = [
  { name: 'email', label: 'Email', fieldType: 'text' },
  { name: 'firstname', label: 'First Name' },
  { name: 'lastname', label: 'Last Name' },
  { name: 'company', label: 'Company Name' },
  { name: 'phone', label: 'Phone Number', type: 'phone_number', fieldType: 'phonenumber' },
  { name: 'mobilephone', label: 'Mobile Phone Number', type: 'phone_number', fieldType: 'phonenumber' },
  { name: 'jobtitle', label: 'Job Title' },
  { name: 'website', label: 'Website URL' },
  { name: 'address', label: 'Street Address' },
  { name: 'city', label: 'City' },
  { name: 'state', label: 'State/Region' },
  { name: 'zip', label: 'Postal Code' },
  { name: 'country', label: 'Country/Region' },
  {
    name: 'hs_language',
    label: 'Preferred language',
    type: 'enumeration',
    fieldType: 'select',
    options: [
      option('en', 'English', 0),
      option('de', 'German', 1),
      option('fr', 'French', 2),
      option('es', 'Spanish', 3),
    ],
  },
  { name: 'date_of_birth', label: 'Date of birth', type: 'date', fieldType: 'date' },
  { name: 'numemployees', label: 'Number of Employees', type: 'number', fieldType: 'number' },
  {
    name: 'lifecyclestage',
    label: 'Lifecycle Stage',
    type: 'enumeration',
    fieldType: 'radio',
    options: LIFECYCLE_STAGES.map(([value, label], index) => option(value, label, index)),
  },
  {
    name: 'hs_lead_status',
    label: 'Lead Status',
    type: 'enumeration',
    fieldType: 'radio',
    options: LEAD_STATUSES.map(([value, label], index) => option(value, label, index)),
  },
  {
    name: 'hs_marketable_status',
    label: 'Marketing contact status',
    type: 'enumeration',
    fieldType: 'select',
    options: [option('true', 'Marketing contact', 0), option('false', 'Non-marketing contact', 1)],
    readOnly: true,
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    readOnly: true,
    hasUniqueValue: true,
  },
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', readOnly: true },
  {
    name: 'lastmodifieddate',
    label: 'Last Modified Date',
    type: 'datetime',
    fieldType: 'date',
    readOnly: true,
  },
  {
    name: 'hs_additional_emails',
    label: 'Additional email addresses',
    fieldType: 'textarea',
    readOnly: true,
  },
];

/** Returns the HubSpot-defined contact properties every sandbox portal starts with. */
export function defaultContactProperties(): PropertyDefinition[] {
  return DEFAULT_INPUTS.map((input, index) => hubspotProperty(input, index));
}

/** Builds a custom (portal-defined) property from provisioning input. */
export function customContactProperty(input: DefinitionInput, displayOrder: number): PropertyDefinition {
  return {
    ...hubspotProperty(input, displayOrder),
    groupName: input.groupName ?? 'contactinformation',
    hubspotDefined: false,
    modificationMetadata: {
      archivable: true,
      readOnlyDefinition: false,
      readOnlyValue: input.readOnly ?? false,
    },
  };
}

/** Properties the sandbox computes for every contact; they are never stored. */
export const SYSTEM_CONTACT_PROPERTIES = ['hs_object_id', 'createdate', 'lastmodifieddate'] as const;
