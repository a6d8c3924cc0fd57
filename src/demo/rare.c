/* Builds the rare-disease data of the demo from the repository's data/ folder. */
#include "zorglandschap/demo_rare.h"

#include <stdio.h>

#include "zorglandschap/rare.h"

zl_status zl_demo_build_rare(zl_store *s, const char *data_dir, FILE *log, zl_err *err)
{
    static const struct {
        const char *kind, *file, *label;
    } steps[] = {
        {"ordo", "orphanet/ordo-2.6-2018-07-12.json.gz", "Orphanet nomenclature (ORDO 2.6)"},
        {"ern", "orphanet/ern.csv", "European Reference Networks"},
        {"ecza", "sample/ecza.csv", "expertise-centre register (SYNTHETIC sample)"},
        {"networks", "sample/rare_networks.csv", "ECZA networks (SYNTHETIC sample)"},
        {"shared-care", "sample/rare_shared_care.csv", "shared-care agreements (SYNTHETIC sample)"},
        {"recognitions", "sample/rare_recognitions.csv", "recognition records (SYNTHETIC sample)"},
        {"assessments", "sample/rare_assessments.csv", "assessments (SYNTHETIC sample)"},
        {"pathways", "sample/rare_pathways.csv", "care-pathway checklists (SYNTHETIC sample)"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data_dir, steps[i].file);
        zl_rare_import_stats st;
        if (zl_rare_import(s, steps[i].kind, path, &st, err) != ZL_OK)
            return zl_err_prefix(err, "demo: %s: ", steps[i].label);
        if (log)
            fprintf(log, "rare: %s: %lld records from %s\n", steps[i].label, (long long)st.records,
                    path);
    }
    return ZL_OK;
}
