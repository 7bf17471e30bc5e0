/**
 * A loopback stand-in for the model APIs the host clients call: Anthropic Messages
 * (Claude Code; Copilot CLI with an anthropic provider), OpenAI Responses (Codex) and
 * Gemini generateContent (Gemini CLI). It answers every model request with one short text
 * reply in the caller's wire format and records what it received. It listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http'

export const REPLY_TEXT = 'Conformance stand-in reply.'

function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' })
  for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`)
  res.end()
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' })
  res.end(JSON.stringify(body))
}

function anthropic(req, res, body) {
  const model = body?.model ?? 'claude-sonnet-4-5'
  const message = {
    id: 'msg_standin',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: REPLY_TEXT }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  }
  if (!body?.stream) return json(res, 200, message)
  sse(res, [
    ['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: REPLY_TEXT } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } }],
    ['message_stop', { type: 'message_stop' }]
  ])
}

function openaiResponses(req, res, body) {
  const item = { type: 'message', id: 'msg_standin', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: REPLY_TEXT, annotations: [] }] }
  const response = {
    id: 'resp_standin',
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'gpt-5',
    status: 'completed',
    output: [item],
    usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 }
  }
  if (body?.stream === false) return json(res, 200, response)
  sse(res, [
    ['response.created', { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } }],
    ['response.output_text.delta', { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: REPLY_TEXT }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
    ['response.completed', { type: 'response.completed', response }]
  ])
}

function gemini(req, res, url) {
  const chunk = {
    candidates: [{ content: { role: 'model', parts: [{ text: REPLY_TEXT }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-2.5-pro'
  }
  if (url.pathname.endsWith(':countTokens')) return json(res, 200, { totalTokens: 10 })
  if (url.pathname.endsWith(':streamGenerateContent')) return sse(res, [[undefined, chunk]])
  return json(res, 200, chunk)
}

/** Starts the stand-in; `requests` holds every request received, in order. */
export async function startStandin() {
  const requests = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const text = Buffer.concat(chunks).toString('utf8')
      let body
      try {
        body = text ? JSON.parse(text) : undefined
      } catch {
        body = undefined
      }
      requests.push({ method: req.method, path: url.pathname, headers: req.headers, text, body })
      const path = url.pathname
      if (req.method === 'POST' && /\/messages$/.test(path)) return anthropic(req, res, body)
      if (req.method === 'POST' && /\/responses$/.test(path)) return openaiResponses(req, res, body)
      if (req.method === 'POST' && /:(stream)?[gG]enerateContent$|:countTokens$/.test(path)) return gemini(req, res, url)
      if (req.method === 'GET' && /\/models$/.test(path)) return json(res, 200, { object: 'list', data: [], models: [] })
      json(res, 404, { error: { message: `stand-in: no route for ${req.method} ${path}` } })
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Every request's raw body text, joined: what reached "the model". */
    receivedText: () => requests.map((r) => r.text).join('\n'),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()) })
  }
}
