/* Runs a fuzz harness over files instead of under libFuzzer: every file named on the
 * command line, or every file in a directory named there. The normal and sanitizer
 * builds run each harness over its seed corpus and its regression inputs (fuzz/corpus/,
 * fuzz/regress/) as a ctest test, so every crash the fuzzers found stays fixed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    uint8_t *copy = malloc(n ? n : 1); /* exactly n bytes, so overreads are caught */
    if (!copy)
        return 1;
    memcpy(copy, buf, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    return 0;
}

int main(int argc, char **argv)
{
    int failures = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or directory %s\n", argv[i]);
            failures++;
        } else if (S_ISDIR(st.st_mode)) {
            struct dirent **names;
            int n = scandir(argv[i], &names, NULL, alphasort);
            for (int k = 0; k < n; k++) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
                if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                    failures += run_file(path);
                    runs++;
                }
                free(names[k]);
            }
            free(names);
        } else {
            failures += run_file(argv[i]);
            runs++;
        }
    }
    printf("%d passed, %d failed\n", runs - failures, failures);
    return failures || runs == 0 ? 1 : 0;
}
