/* The car and ambulance profiles: what an OSM way's tags mean for driving it (speeds per
 * direction, access, oneway, ferries). Modelled on OSRM's car profile so the two routers
 * can be compared (bench/routing); the tables are documented in docs/routing.md. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zorglandschap/roads.h"

const char *zl_road_profile_name(zl_road_profile p)
{
    return p == ZL_ROAD_AMBULANCE ? "ambulance" : "car";
}

bool zl_road_profile_parse(const char *name, zl_road_profile *out)
{
    if (strcmp(name, "car") == 0)
        *out = ZL_ROAD_CAR;
    else if (strcmp(name, "ambulance") == 0)
        *out = ZL_ROAD_AMBULANCE;
    else
        return false;
    return true;
}

typedef struct kv {
    const char *key;
    double v;
} kv;

/* km/h by highway class (OSRM car profile v5.27). */
static const kv highway_kmh[] = {
    {"motorway", 90},      {"motorway_link", 45}, {"trunk", 85},        {"trunk_link", 40},
    {"primary", 65},       {"primary_link", 30},  {"secondary", 55},    {"secondary_link", 25},
    {"tertiary", 40},      {"tertiary_link", 20}, {"unclassified", 25}, {"residential", 25},
    {"living_street", 10}, {"service", 15},
};

/* Implicit maxspeed values ("NL:rural"); the country-less default after the colon. */
static const kv implicit_kmh[] = {
    {"nl:urban", 50},
    {"nl:rural", 80},
    {"nl:trunk", 100},
    {"nl:motorway", 130},
    {"nl:zone30", 30},
    {"nl:zone60", 60},
    {"nl:living_street", 15},
    {"nl:woonerf", 15},
    {"be:motorway", 120},
    {"be-vlg:rural", 70},
    {"be-bru:rural", 70},
    {"be-bru:urban", 30},
    {"de:rural", 100},
    {"de:living_street", 7},
    {"de:motorway", 130},
    {"fr:rural", 80},
    {"at:rural", 100},
    {"at:trunk", 100},
    {"ch:rural", 80},
    {"ch:trunk", 100},
    {"ch:motorway", 120},
    {"dk:rural", 80},
    {"none", 140},
    {"walk", 7},
    {"urban", 50},
    {"rural", 90},
    {"trunk", 110},
    {"motorway", 130},
    {"living_street", 15},
    {"zone30", 30},
};

static double lookup(const kv *t, size_t n, const char *key)
{
    for (size_t i = 0; key && i < n; i++)
        if (strcasecmp(t[i].key, key) == 0)
            return t[i].v;
    return 0;
}

#define N(t) (sizeof t / sizeof t[0])

double zl_road_maxspeed_kmh(const char *v)
{
    if (!v || !*v)
        return 0;
    char *end;
    double n = strtod(v, &end);
    if (end != v && n > 0 && isfinite(n)) {
        while (*end == ' ')
            end++;
        if (strncmp(end, "mph", 3) == 0)
            return n * 1.609344;
        if (strncmp(end, "knots", 5) == 0)
            return n * 1.852;
        return *end == '\0' || strncmp(end, "km/h", 4) == 0 || strncmp(end, "kmh", 3) == 0 ? n : 0;
    }
    double k = lookup(implicit_kmh, N(implicit_kmh), v);
    if (k > 0)
        return k;
    const char *colon = strchr(v, ':'); /* "XX:zone30", "XX:rural": the generic meaning */
    if (colon && strncasecmp(colon + 1, "zone", 4) == 0 && isdigit((unsigned char)colon[5]))
        return strtod(colon + 5, NULL);
    return colon ? lookup(implicit_kmh, N(implicit_kmh), colon + 1) : 0;
}

typedef struct tags {
    const char *const *k, *const *v;
    size_t n;
} tags;

static const char *get(const tags *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->k[i], key) == 0)
            return t->v[i];
    return NULL;
}

static bool is(const char *v, const char *a)
{
    return v && strcmp(v, a) == 0;
}

/* The most specific access tag wins: motorcar, motor_vehicle, vehicle, access. */
static const char *access_value(const tags *t, zl_road_profile p)
{
    if (p == ZL_ROAD_AMBULANCE) {
        const char *e = get(t, "emergency");
        if (e)
            return e;
    }
    static const char *const order[] = {"motorcar", "motor_vehicle", "vehicle", "access"};
    for (size_t i = 0; i < N(order); i++) {
        const char *v = get(t, order[i]);
        if (v)
            return v;
    }
    return NULL;
}

/* Car: no/private/agricultural/forestry/emergency/psv/bus/military closed;
 * destination/delivery/customers/permissive/yes open (the hospital's own grounds are often
 * destination-only). The ambulance may also use private, emergency, psv and bus ways. */
static bool access_allowed(const char *a, zl_road_profile p)
{
    if (!a)
        return true;
    static const char *const car_closed[] = {"no",       "private",   "agricultural",
                                             "forestry", "emergency", "psv",
                                             "bus",      "military",  "discouraged_no"};
    static const char *const amb_closed[] = {"no", "agricultural", "forestry", "military"};
    const char *const *c = p == ZL_ROAD_AMBULANCE ? amb_closed : car_closed;
    size_t n = p == ZL_ROAD_AMBULANCE ? N(amb_closed) : N(car_closed);
    for (size_t i = 0; i < n; i++)
        if (strcmp(a, c[i]) == 0)
            return false;
    return true;
}

/* "HH:MM", "HH:MM:SS", "MM" (minutes) or ISO 8601 "PT1H30M"; seconds, 0 if not understood. */
static double duration_s(const char *d)
{
    if (!d)
        return 0;
    if (d[0] == 'P' && d[1] == 'T') {
        double s = 0;
        for (const char *p = d + 2; *p;) {
            char *end;
            double n = strtod(p, &end);
            if (end == p)
                return 0;
            s += n * (*end == 'H' ? 3600 : *end == 'M' ? 60 : *end == 'S' ? 1 : NAN);
            if (!*end)
                return 0;
            p = end + 1;
        }
        return isfinite(s) ? s : 0;
    }
    int h = 0, m = 0, sec = 0;
    int k = sscanf(d, "%d:%d:%d", &h, &m, &sec);
    if (k == 1)
        return h * 60.0; /* a bare number is minutes */
    if (k >= 2 && h >= 0 && m >= 0 && sec >= 0)
        return h * 3600.0 + m * 60.0 + sec;
    return 0;
}

/* Oneway: yes/1/true forward only, -1/reverse backward only; roundabouts and motorways
 * imply forward only unless oneway=no. */
static void apply_oneway(const tags *t, const char *hw, zl_road_way *w)
{
    const char *o = get(t, "oneway:motorcar");
    if (!o)
        o = get(t, "oneway");
    const char *j = get(t, "junction");
    if (is(o, "yes") || is(o, "1") || is(o, "true") ||
        (!is(o, "no") && (is(hw, "motorway") || is(j, "roundabout") || is(j, "circular"))))
        w->bwd_kmh = 0;
    else if (is(o, "-1") || is(o, "reverse"))
        w->fwd_kmh = 0;
    else if (is(o, "reversible") || is(o, "alternating"))
        w->fwd_kmh = w->bwd_kmh = 0; /* direction changes by time of day: avoided, as OSRM */
}

/* maxspeed, or the direction-specific one; OSRM drives at 80 % of the posted limit. */
static double limit_kmh(const tags *t, const char *dir_key)
{
    double v = zl_road_maxspeed_kmh(get(t, dir_key));
    if (v <= 0)
        v = zl_road_maxspeed_kmh(get(t, "maxspeed"));
    if (v <= 0)
        v = zl_road_maxspeed_kmh(get(t, "source:maxspeed"));
    if (v <= 0)
        v = zl_road_maxspeed_kmh(get(t, "maxspeed:type"));
    return v;
}

static double profile_speed(zl_road_profile p, double class_kmh, double limit)
{
    /* Car: 80 % of the limit where one is tagged, else the class speed. Ambulance: the limit
     * itself (driving with lights and siren), else the class speed / 0.8; at most 130. */
    if (p == ZL_ROAD_CAR)
        return limit > 0 ? limit * 0.8 : class_kmh;
    double v = limit > 0 ? limit : class_kmh / 0.8;
    return fmin(v, 130);
}

static zl_road_way eval_ferry(const tags *t, zl_road_profile p)
{
    zl_road_way w = {0};
    if (!access_allowed(access_value(t, p), p))
        return w;
    w.routable = w.ferry = true;
    w.fwd_kmh = w.bwd_kmh = 5; /* OSRM's ferry speed where no duration is tagged */
    w.ferry_s = duration_s(get(t, "duration"));
    return w;
}

zl_road_way zl_road_way_eval(zl_road_profile p, const char *const *keys, const char *const *values,
                             size_t n)
{
    tags t = {keys, values, n};
    zl_road_way w = {0};
    if (is(get(&t, "route"), "ferry"))
        return eval_ferry(&t, p);
    const char *hw = get(&t, "highway");
    double cls = lookup(highway_kmh, N(highway_kmh), hw);
    if (cls <= 0 || is(get(&t, "area"), "yes") || is(get(&t, "impassable"), "yes") ||
        (is(get(&t, "service"), "emergency_access") && p == ZL_ROAD_CAR))
        return w;
    if (!access_allowed(access_value(&t, p), p))
        return w;
    w.fwd_kmh = profile_speed(p, cls, limit_kmh(&t, "maxspeed:forward"));
    w.bwd_kmh = profile_speed(p, cls, limit_kmh(&t, "maxspeed:backward"));
    apply_oneway(&t, hw, &w);
    w.routable = w.fwd_kmh > 0 || w.bwd_kmh > 0;
    return w;
}
