/*
 * HMAC-SHA256 of a batch of messages under one key, through the SHA-256 block function of the
 * OpenSSL that Node.js carries (it picks the CPU's SHA extensions where there are some).
 *
 * hmacBatch(states, messages, offsets, count, out)
 *   states    Int32Array(16): the key's inner pad state (8 words), then its outer pad state
 *   messages  Uint8Array: the messages' bytes, one after the other
 *   offsets   Int32Array(count + 1): message i is messages[offsets[i] .. offsets[i + 1])
 *   out       Uint8Array(count * 32): digest i is written at out[32 i]
 *
 * The pad states are what SHA-256 holds after the 64-byte key block xored with 0x36 (inner) or
 * 0x5c (outer); the JavaScript caller computes them once per key. A message of 55 bytes or fewer
 * then costs two block computations. Arguments are checked; a bad one throws a TypeError/RangeError.
 */
#include <node_api.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <string.h>

static void store_digest(const SHA256_CTX *ctx, uint8_t *out) {
  for (int k = 0; k < 8; k++) {
    uint32_t word = ctx->h[k];
    out[k * 4] = (uint8_t)(word >> 24);
    out[k * 4 + 1] = (uint8_t)(word >> 16);
    out[k * 4 + 2] = (uint8_t)(word >> 8);
    out[k * 4 + 3] = (uint8_t)word;
  }
}

static void set_state(SHA256_CTX *ctx, const uint32_t *state) {
  memcpy(ctx->h, state, 32);
  /* The key block (64 bytes) has been hashed. */
  ctx->Nl = 512;
  ctx->Nh = 0;
  ctx->num = 0;
  ctx->md_len = SHA256_DIGEST_LENGTH;
}

static void hmac_one(const uint32_t *states, const uint8_t *message, size_t length, uint8_t *out) {
  SHA256_CTX ctx;
  uint8_t block[64];
  set_state(&ctx, states);
  if (length <= 55) {
    /* One block: the message, 0x80, zeros, the bit length of key block + message. */
    uint32_t bits = (uint32_t)(64 + length) * 8;
    memcpy(block, message, length);
    block[length] = 0x80;
    memset(block + length + 1, 0, 63 - length);
    block[62] = (uint8_t)(bits >> 8);
    block[63] = (uint8_t)bits;
    SHA256_Transform(&ctx, block);
    store_digest(&ctx, block);
  } else {
    SHA256_Update(&ctx, message, length);
    SHA256_Final(block, &ctx);
  }
  /* Outer hash: the 32-byte inner digest after the outer key block, padded to one block. */
  memset(block + 32, 0, 32);
  block[32] = 0x80;
  block[62] = 0x03; /* (64 + 32) * 8 = 768 bits */
  set_state(&ctx, states + 8);
  SHA256_Transform(&ctx, block);
  store_digest(&ctx, out);
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

static int typed_array(napi_env env, napi_value value, napi_typedarray_type expected, void **data,
                       size_t *length) {
  bool is_typed = false;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  if (napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL) != napi_ok) return 0;
  return type == expected;
}

static napi_value hmac_batch(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  void *states, *messages, *offsets, *out;
  size_t states_length, messages_length, offsets_length, out_length;
  uint32_t count;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5)
    return fail(env, "hmacBatch(states, messages, offsets, count, out) takes five arguments");
  if (!typed_array(env, argv[0], napi_int32_array, &states, &states_length) || states_length != 16)
    return fail(env, "hmacBatch: states must be an Int32Array of 16 words");
  if (!typed_array(env, argv[1], napi_uint8_array, &messages, &messages_length))
    return fail(env, "hmacBatch: messages must be a Uint8Array");
  if (!typed_array(env, argv[2], napi_int32_array, &offsets, &offsets_length))
    return fail(env, "hmacBatch: offsets must be an Int32Array");
  if (napi_get_value_uint32(env, argv[3], &count) != napi_ok)
    return fail(env, "hmacBatch: count must be a number");
  if (!typed_array(env, argv[4], napi_uint8_array, &out, &out_length))
    return fail(env, "hmacBatch: out must be a Uint8Array");
  const int32_t *bounds = offsets;
  if (offsets_length < (size_t)count + 1 || out_length < (size_t)count * 32) {
    napi_throw_range_error(env, NULL, "hmacBatch: offsets or out is too short for count");
    return NULL;
  }
  for (uint32_t i = 0; i < count; i++) {
    int32_t start = bounds[i];
    int32_t end = bounds[i + 1];
    if (start < 0 || end < start || (size_t)end > messages_length) {
      napi_throw_range_error(env, NULL, "hmacBatch: offsets out of order or beyond messages");
      return NULL;
    }
  }
  const uint8_t *bytes = messages;
  for (uint32_t i = 0; i < count; i++) {
    hmac_one(states, bytes + bounds[i], (size_t)(bounds[i + 1] - bounds[i]),
             (uint8_t *)out + (size_t)i * 32);
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "hmacBatch", NAPI_AUTO_LENGTH, hmac_batch, NULL, &fn) != napi_ok)
    return NULL;
  if (napi_set_named_property(env, exports, "hmacBatch", fn) != napi_ok) return NULL;
  return exports;
}
