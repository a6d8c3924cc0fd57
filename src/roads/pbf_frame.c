/* The framing of an OSM PBF file, checked before readosm reads it. A PBF file is a
 * sequence of blocks: a 4-byte big-endian length, a BlobHeader of that length (protobuf;
 * field 3 is the size of the Blob that follows), then the Blob. readosm 1.1.0 allocates
 * whatever a header claims: a 100-byte file claiming a 4 GiB block made it ask for 4 GiB
 * (found by fuzz_osm). The format bounds a BlobHeader to 64 KiB and a Blob to 32 MiB
 * (OpenStreetMap wiki, "PBF Format"), and every block must lie within the file, so a file
 * that breaks either is refused here with where and why. */
#include <stdio.h>
#include <stdlib.h>

#include "roads_internal.h"

#define PBF_MAX_HEADER (64 * 1024)
#define PBF_MAX_BLOB   (32 * 1024 * 1024)

static bool varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* The Blob size (field 3) a BlobHeader gives; -1 when absent or malformed. A BlobHeader
 * has only varint and length-delimited fields. */
static int64_t blob_size(const unsigned char *p, const unsigned char *end)
{
    int64_t size = -1;
    while (p < end) {
        uint64_t key, v;
        if (!varint(&p, end, &key))
            return -1;
        if ((key & 7) == 0) {
            if (!varint(&p, end, &v))
                return -1;
            if (key >> 3 == 3)
                size = v > PBF_MAX_BLOB ? PBF_MAX_BLOB + 1 : (int64_t)v;
        } else if ((key & 7) == 2) {
            if (!varint(&p, end, &v) || v > (uint64_t)(end - p))
                return -1;
            p += v;
        } else {
            return -1;
        }
    }
    return size;
}

static zl_status check_blocks(FILE *f, const char *path, uint64_t file_size, unsigned char *hdr,
                              zl_err *err)
{
    uint64_t off = 0;
    while (off < file_size) {
        unsigned char len4[4];
        if (fread(len4, 1, 4, f) != 4)
            return zl_fail(err, ZL_EINPUT, "%s: truncated PBF (block length at byte %llu)", path,
                           (unsigned long long)off);
        uint32_t hl =
            (uint32_t)len4[0] << 24 | (uint32_t)len4[1] << 16 | (uint32_t)len4[2] << 8 | len4[3];
        if (hl == 0 || hl > PBF_MAX_HEADER)
            return zl_fail(err, ZL_EINPUT,
                           "%s: not an OSM PBF file (block at byte %llu: header of %u bytes, "
                           "at most %d)",
                           path, (unsigned long long)off, hl, PBF_MAX_HEADER);
        if (fread(hdr, 1, hl, f) != hl)
            return zl_fail(err, ZL_EINPUT, "%s: truncated PBF (block header at byte %llu)", path,
                           (unsigned long long)off);
        int64_t ds = blob_size(hdr, hdr + hl);
        if (ds < 0 || ds > PBF_MAX_BLOB)
            return zl_fail(err, ZL_EINPUT,
                           "%s: not an OSM PBF file (block at byte %llu: no data size, or more "
                           "than %d bytes)",
                           path, (unsigned long long)off, PBF_MAX_BLOB);
        uint64_t next = off + 4 + hl + (uint64_t)ds;
        if (next > file_size)
            return zl_fail(err, ZL_EINPUT,
                           "%s: truncated PBF (block at byte %llu needs %llu bytes, the file "
                           "has %llu)",
                           path, (unsigned long long)off, (unsigned long long)(next - off),
                           (unsigned long long)(file_size - off));
        if (fseeko(f, (off_t)next, SEEK_SET) != 0)
            return zl_fail(err, ZL_EINPUT, "%s: cannot seek to byte %llu", path,
                           (unsigned long long)next);
        off = next;
    }
    return ZL_OK;
}

zl_status osm_pbf_check(const char *path, uint64_t file_size, zl_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zl_fail(err, ZL_EINPUT, "%s: cannot open", path);
    unsigned char *hdr = malloc(PBF_MAX_HEADER);
    zl_status st =
        hdr ? check_blocks(f, path, file_size, hdr, err) : zl_fail(err, ZL_ENOMEM, "out of memory");
    free(hdr);
    fclose(f);
    return st;
}
