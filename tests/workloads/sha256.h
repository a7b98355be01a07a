// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 (FIPS 180-4) in plain C, shared by sha256d (Bitcoin) and
 * scrypt_salsa (scrypt's PBKDF2-HMAC-SHA256).  Not a workload itself.
 */
#ifndef HG_WORKLOAD_SHA256_H
#define HG_WORKLOAD_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BLOCK_SIZE 64
#define SHA256_DIGEST_SIZE 32

struct sha256_ctx {
	uint32_t h[8];
	uint8_t buf[SHA256_BLOCK_SIZE];
	uint64_t len;		/* bytes hashed so far */
};

extern const uint32_t sha256_iv[8];

/* The compression function: fold one 64-byte block into @h. */
void sha256_transform(uint32_t h[8], const uint8_t block[SHA256_BLOCK_SIZE]);

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif /* HG_WORKLOAD_SHA256_H */
