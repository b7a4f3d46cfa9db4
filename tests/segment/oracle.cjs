// Segment's own code, answering the same questions our engine answers. Every fixture's
// expected value and every differential test comes from here, never from our output.
'use strict'
const path = require('node:path')
const { createRequire } = require('node:module')

const root = path.resolve(__dirname, '../..')
const requireRoot = createRequire(path.join(root, 'package.json'))
const core = requireRoot('@segment/actions-core')
const { parseFql, validate: fqlValidate } = requireRoot('@segment/destination-subscriptions')
// Not in actions-core's `exports`: load by file.
const coreDir = path.join(root, 'node_modules/@segment/actions-core/dist/cjs')
const validateMappingKit = require(path.join(coreDir, 'mapping-kit/validate.js')).default
const { removeEmptyValues } = require(path.join(coreDir, 'remove-empty-values.js'))
const { fieldsToJsonSchema } = core

/** Messages of an AggregateError of ValidationErrors, without stack frames. */
function validationMessages(err) {
  return String(err.message)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('ValidationError: '))
    .map((l) => l.slice('ValidationError: '.length))
}

/** transform(mapping, data) → { output } | { errors: [validation messages] } | { error: message } */
function transform(mapping, data) {
  try {
    return { output: core.transform(mapping, data) }
  } catch (err) {
    if (err && err.name === 'AggregateError') return { errors: validationMessages(err) }
    return { error: String(err && err.message) }
  }
}

/** The validation messages mapping-kit reports for a mapping (empty when valid). */
function validateMapping(mapping) {
  try {
    validateMappingKit(mapping)
    return []
  } catch (err) {
    if (err && err.name === 'AggregateError') return validationMessages(err)
    return [String(err && err.message)]
  }
}

/** A trigger as Destination.onSubscriptions judges it → { matches } | { error: onEvent's output text } */
function subscription(subscribe, event) {
  if (!subscribe || typeof subscribe !== 'string') return { error: 'Failed to validate subscription' }
  const parsed = parseFql(subscribe)
  if (parsed.error) return { error: `Invalid subscription : ${parsed.error.message}` }
  return { matches: fqlValidate(parsed, event) }
}

/** An action's payload step: removeEmptyValues then ajv validateSchema → { output } | { error, errors: [{message, pointer}] } */
function payload(fields, data) {
  const schema = fieldsToJsonSchema(fields)
  let obj = structuredClone(data)
  try {
    obj = removeEmptyValues(obj, schema, true)
    core.validateSchema(obj, schema)
    return { output: obj }
  } catch (err) {
    const errors = Array.isArray(err.errors) ? err.errors.map((e) => (e.toJSON ? e.toJSON() : e)) : undefined
    return { error: String(err.message), ...(errors && { errors: errors.map(({ message, pointer }) => ({ message, pointer })) }) }
  }
}

module.exports = { core, transform, validateMapping, subscription, payload, fieldsToJsonSchema, validationMessages }
