// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench: classify 64-byte windows of real code, for callgrind.
 *
 * Loads the executable sections of an ELF file (libelf), finds instruction
 * boundaries by decoding linearly, and calls hg_classify_window() on
 * WINDOWS 64-byte windows starting at pseudo-randomly chosen boundaries
 * (fixed seed: the run is reproducible), the way the module classifies a
 * sampled user instruction pointer.  Run under
 *	valgrind --tool=callgrind --toggle-collect=hg_classify_window
 * only the classifier's own cost is counted.
 * Usage: bench FILE [WINDOWS]
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify/classify.h"

/*
 * "window": hg_classify_window() on 64-byte windows; "path": what the
 * module's sampler does, hg_classify_path() on 256-byte windows
 * (HG_WINDOW_BYTES) up to 64 instructions (HG_WINDOW_INSNS).
 */
#define WINDOW 256
#define MAX_INSNS 64

int main(int argc, char **argv)
{
	unsigned int windows = argc > 2 ? strtoul(argv[2], NULL, 0) : 10000;
	int path = argc > 3 && !strcmp(argv[3], "path");
	unsigned int wlen = path ? WINDOW : 64;
	unsigned int *starts = NULL, nstarts = 0, cap = 0, i;
	unsigned long total = 0, seed = 0x2545f491;
	u8 *code = NULL;
	size_t ncode = 0;
	struct hg_counts c;
	Elf_Scn *scn = NULL;
	Elf *elf;
	int fd;

	if (argc < 2 || hg_classify_init()) {
		fprintf(stderr, "usage: bench FILE [WINDOWS [window|path]]\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	fd = open(argv[1], O_RDONLY);
	elf = fd < 0 ? NULL : elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		fprintf(stderr, "bench: %s: not an ELF file\n", argv[1]);
		return 1;
	}
	/* Concatenate executable sections; windows stay inside one. */
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t off = 0;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(sh.sh_flags & SHF_EXECINSTR))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size < WINDOW)
			continue;
		code = realloc(code, ncode + d->d_size);
		if (!code)
			return 1;
		memcpy(code + ncode, d->d_buf, d->d_size);
		while (off + WINDOW <= d->d_size) {
			struct hg_insn insn;
			int ret = hg_classify_insn(HG_ARCH_X86_64, code + ncode + off,
						   d->d_size - off, &insn);

			if (nstarts == cap) {
				cap = cap ? 2 * cap : 65536;
				starts = realloc(starts, cap * sizeof(*starts));
				if (!starts)
					return 1;
			}
			starts[nstarts++] = ncode + off;
			off += ret > 0 ? (unsigned int)ret : 1;
		}
		ncode += d->d_size;
	}
	if (!nstarts) {
		fprintf(stderr, "bench: %s: no code\n", argv[1]);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	for (i = 0; i < windows; i++) {
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		if (path)
			total += hg_classify_path(code + starts[(seed >> 33) % nstarts],
						  wlen, MAX_INSNS, &c);
		else
			total += hg_classify_window(code + starts[(seed >> 33) % nstarts],
						    wlen, MAX_INSNS, &c);
		if (c.insns > 60000)
			memset(&c, 0, sizeof(c));
	}
	printf("windows=%u insns=%lu\n", windows, total);
	free(starts);
	free(code);
	elf_end(elf);
	close(fd);
	return 0;
}
