/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardctl inspect FILE: run the kernel's instruction classifier over
 * the executable sections of an ELF file.
 */
#ifndef HG_CTL_INSPECT_H
#define HG_CTL_INSPECT_H

#include <stdbool.h>

/**
 * inspect_main() - "hashguardctl inspect [--top N] FILE"
 * @argc: argument count; @argv[0] is "inspect"
 * @argv: arguments
 * @json: print one JSON object instead of text
 *
 * Decodes every executable section linearly (resyncing one byte after an
 * invalid instruction) and prints the instruction count, per-class counts
 * and densities, and the functions (from .symtab, else .dynsym) with the
 * highest crypto (aes+sha+clmul+gfni) and hash-round
 * (hash_alu+hash_simd+rotate)
 * densities, ignoring functions shorter than 16 instructions.
 *
 * Return: 0 on success, 1 if the file cannot be read or is not a valid
 * x86-64 ELF file (reported on stderr), 2 on bad usage.
 */
int inspect_main(int argc, char **argv, bool json);

#endif /* HG_CTL_INSPECT_H */
