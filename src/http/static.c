/* Static files: the browser UI from the web directory and the map geometry from the
 * repository's data directory (/data/pc4.geojson, /data/provinces.geojson). Paths are
 * checked so nothing outside those directories can be read. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_internal.h"

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".geojson", "application/geo+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

/* Only plain names: letters, digits, '-', '_', '.', '/' and no ".." segment. */
static bool safe_path(const char *p)
{
    if (p[0] != '/' || strstr(p, "..") || strstr(p, "//"))
        return false;
    for (const char *c = p; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.' || *c == '/'))
            return false;
    }
    return true;
}

static struct MHD_Response *file_response(const char *path, int *status)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NULL;
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return NULL;
    }
    MHD_add_response_header(resp, "Content-Type", content_type(path));
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    /* Everything the UI needs comes from this server: no CDN, no other origin. */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "frame-ancestors 'none'");
    *status = 200;
    return resp;
}

struct MHD_Response *http_static(const zl_http_server *srv, const char *url, int *status)
{
    *status = 404;
    if (!safe_path(url))
        return NULL;
    char path[1024];
    if (strncmp(url, "/data/", 6) == 0) {
        const char *name = url + 6;
        if (!srv->cfg.data_dir ||
            (strcmp(name, "pc4.geojson") != 0 && strcmp(name, "provinces.geojson") != 0))
            return NULL;
        snprintf(path, sizeof path, "%s/nl/%s", srv->cfg.data_dir, name);
        return file_response(path, status);
    }
    if (!srv->cfg.web_dir)
        return NULL;
    const char *tail = strcmp(url, "/") == 0 ? "/index.html" : url;
    int n = snprintf(path, sizeof path, "%s%s", srv->cfg.web_dir, tail);
    if (n < 0 || (size_t)n >= sizeof path)
        return NULL;
    return file_response(path, status);
}
