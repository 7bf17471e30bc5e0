/**
 * A loopback stand-in for the model APIs the host clients call: Anthropic Messages
 * (Claude Code; Copilot CLI with an anthropic provider), OpenAI Responses (Codex) and
 * Gemini generateContent (Gemini CLI). It records what it received and listens on 127.0.0.1 only.
 *
 * When a run sets `standin.toolTarget` (a file inside the temp project), the first request of
 * that run that offers a file-writing tool (Claude `Write`, Codex `apply_patch`, Gemini
 * `write_file`, Copilot `create`) is answered with one call of that tool, writing a small
 * scratch file at `toolTarget`, so tool hooks (PreToolUse/PostToolUse and their kin) fire.
 * Every other request, and every request that carries a tool result, gets one short text reply.
 * Each call it asks for is recorded in `standin.toolCalls`.
 */
import { createServer } from 'node:http'

export const REPLY_TEXT = 'Conformance stand-in reply.'
export const TOOL_FILE_TEXT = 'written by the conformance stand-in\n'

/** Tools the stand-in may call, by preference: one that writes a file (the kits' post-tool hooks match writes). */
const WRITE_TOOLS = ['Write', 'write_file', 'create', 'apply_patch']

function toolName(t) {
  return t?.name ?? t?.function?.name
}

function toolSchema(t) {
  return t?.input_schema ?? t?.parameters ?? t?.parametersJsonSchema ?? t?.function?.parameters ?? {}
}

/** Arguments for a write tool, from its declared schema. */
function writeArgs(name, schema, target) {
  if (name === 'apply_patch') {
    const patch = `*** Begin Patch\n*** Add File: ${target}\n+${TOOL_FILE_TEXT.trimEnd()}\n*** End Patch\n`
    const props = Object.keys(schema?.properties ?? {})
    return props.length ? { [props.includes('input') ? 'input' : props[0]]: patch } : patch
  }
  const props = Object.keys(schema?.properties ?? {})
  const pathKey = ['file_path', 'path', 'absolute_path', 'filePath'].find((k) => props.includes(k)) ?? 'file_path'
  const textKey = ['content', 'file_text', 'text', 'contents'].find((k) => props.includes(k)) ?? 'content'
  return { [pathKey]: target, [textKey]: TOOL_FILE_TEXT }
}

/** The write tool to call in this request, or undefined: text reply. */
function pickTool(state, tools, hasToolResult) {
  if (!state.toolTarget || state.toolCalls.length > 0 || hasToolResult) return undefined
  const list = Array.isArray(tools) ? tools : []
  for (const want of WRITE_TOOLS) {
    const tool = list.find((t) => toolName(t) === want)
    if (tool) return { name: want, kind: tool.type, args: writeArgs(want, toolSchema(tool), state.toolTarget) }
  }
  return undefined
}

function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' })
  for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`)
  res.end()
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' })
  res.end(JSON.stringify(body))
}

function anthropic(req, res, body, state) {
  const model = body?.model ?? 'claude-sonnet-4-5'
  const hasResult = (body?.messages ?? []).some((m) => Array.isArray(m.content) && m.content.some((c) => c?.type === 'tool_result'))
  const tool = pickTool(state, body?.tools, hasResult)
  if (tool) {
    const id = `toolu_standin${state.toolCalls.length}`
    state.toolCalls.push({ format: 'anthropic', name: tool.name, input: tool.args, id })
    const message = {
      id: 'msg_standin_tool',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'tool_use', id, name: tool.name, input: tool.args }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
    }
    if (!body?.stream) return json(res, 200, message)
    return sse(res, [
      ['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id, name: tool.name, input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(tool.args) } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } }],
      ['message_stop', { type: 'message_stop' }]
    ])
  }
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

/** A completed OpenAI Responses object with one output item. */
function responseOf(id, body, item) {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'gpt-5',
    status: 'completed',
    output: [item],
    usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 }
  }
}

function openaiResponses(req, res, body, state) {
  const hasResult = (Array.isArray(body?.input) ? body.input : []).some((i) => /_call_output$/.test(i?.type ?? ''))
  const tool = pickTool(state, body?.tools, hasResult)
  if (tool) {
    const callId = `call_standin${state.toolCalls.length}`
    const call = tool.kind === 'custom'
      ? { type: 'custom_tool_call', id: 'ctc_standin', status: 'completed', call_id: callId, name: tool.name, input: typeof tool.args === 'string' ? tool.args : JSON.stringify(tool.args) }
      : { type: 'function_call', id: 'fc_standin', status: 'completed', call_id: callId, name: tool.name, arguments: JSON.stringify(tool.args) }
    state.toolCalls.push({ format: 'openai-responses', name: tool.name, input: tool.args, id: callId })
    const response = responseOf('resp_standin_tool', body, call)
    if (body?.stream === false) return json(res, 200, response)
    return sse(res, [
      ['response.created', { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }],
      ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...call, status: 'in_progress' } }],
      ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item: call }],
      ['response.completed', { type: 'response.completed', response }]
    ])
  }
  const item = { type: 'message', id: 'msg_standin', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: REPLY_TEXT, annotations: [] }] }
  const response = responseOf('resp_standin', body, item)
  if (body?.stream === false) return json(res, 200, response)
  sse(res, [
    ['response.created', { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } }],
    ['response.output_text.delta', { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: REPLY_TEXT }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
    ['response.completed', { type: 'response.completed', response }]
  ])
}

function gemini(req, res, url, body, state) {
  if (url.pathname.endsWith(':countTokens')) return json(res, 200, { totalTokens: 10 })
  const hasResult = (body?.contents ?? []).some((c) => (c.parts ?? []).some((p) => p.functionResponse))
  const declared = (body?.tools ?? []).flatMap((t) => t.functionDeclarations ?? [])
  const tool = pickTool(state, declared, hasResult)
  if (tool) {
    state.toolCalls.push({ format: 'gemini', name: tool.name, input: tool.args })
    const call = {
      candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: tool.name, args: tool.args } }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
      modelVersion: 'gemini-2.5-pro'
    }
    if (url.pathname.endsWith(':streamGenerateContent')) return sse(res, [[undefined, call]])
    return json(res, 200, call)
  }
  const chunk = {
    candidates: [{ content: { role: 'model', parts: [{ text: REPLY_TEXT }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-2.5-pro'
  }
  if (url.pathname.endsWith(':streamGenerateContent')) return sse(res, [[undefined, chunk]])
  return json(res, 200, chunk)
}

/** Starts the stand-in; `requests` holds every request received, in order. */
export async function startStandin() {
  const requests = []
  /** toolTarget: set per run to have the first tool-offering request answered with a write of that file. */
  const state = { toolTarget: undefined, toolCalls: [] }
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
      if (req.method === 'POST' && /\/messages$/.test(path)) return anthropic(req, res, body, state)
      if (req.method === 'POST' && /\/responses$/.test(path)) return openaiResponses(req, res, body, state)
      if (req.method === 'POST' && /:(stream)?[gG]enerateContent$|:countTokens$/.test(path)) return gemini(req, res, url, body, state)
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
    /** The tool calls asked for since the last `armTool`. */
    get toolCalls() {
      return state.toolCalls
    },
    /** Arms one tool call for the next run (writing `target`, a file in its temp project), or disarms with undefined. */
    armTool(target) {
      state.toolTarget = target
      state.toolCalls = []
    },
    /** Every request's raw body text, joined: what reached "the model". */
    receivedText: () => requests.map((r) => r.text).join('\n'),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()) })
  }
}
