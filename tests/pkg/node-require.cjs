// CommonJS consumer: require() of the ES module package (Node's require(esm), ^20.19 / >= 22.12).
const { Destination, init } = require('loops-destination')
const [contact] = new Destination({ apiKey: 'k' }).preview({ type: 'identify', userId: 'cjs-u', traits: { email: 'cjs@example.com' } })
console.log(JSON.stringify({ init: typeof init, body: contact.request.body }))
