/* The car and ambulance profiles: what an OSM way's tags mean for driving it (speeds per
 * direction, access, oneway, ferries). Modelled on OSRM's car profile so the two routers
 * can be compared (bench/routing); the tables are documented in docs/routing.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
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

/* Car: no/agricultural/forestry/emergency/psv/bus/military closed; private, delivery,
 * destination and customers are "restricted" (see access_restricted); anything else open.
 * The ambulance may also use private, emergency, psv and bus ways, unrestricted. */
static bool access_allowed(const char *a, zl_road_profile p)
{
    if (!a)
        return true;
    static const char *const car_closed[] = {"no",  "agricultural", "forestry", "emergency",
                                             "psv", "bus",          "military", "discouraged_no"};
    static const char *const amb_closed[] = {"no", "agricultural", "forestry", "military"};
    const char *const *c = p == ZL_ROAD_AMBULANCE ? amb_closed : car_closed;
    size_t n = p == ZL_ROAD_AMBULANCE ? N(amb_closed) : N(car_closed);
    for (size_t i = 0; i < n; i++)
        if (strcmp(a, c[i]) == 0)
            return false;
    return true;
}

/* Car: local traffic only (OSRM's restricted_access_tag_list). Such a way is driven, but
 * entering it from an unrestricted way costs ZL_ROAD_RESTRICTED_S of weight (not of
 * time), so routes use it only to start or end there, as OSRM's routability weight. */
static bool access_restricted(const char *a, zl_road_profile p)
{
    return p == ZL_ROAD_CAR &&
           (is(a, "private") || is(a, "delivery") || is(a, "destination") || is(a, "customers"));
}

/* OSRM's blocked_ways: areas, impassable ways, ways under construction (a `construction`
 * tag other than no/widening/minor, or railway=construction) and proposed ways. */
static bool blocked(const tags *t)
{
    const char *c = get(t, "construction");
    return is(get(t, "area"), "yes") || is(get(t, "impassable"), "yes") ||
           is(get(t, "status"), "impassable") || get(t, "proposed") ||
           is(get(t, "railway"), "construction") ||
           (c && !is(c, "no") && !is(c, "widening") && !is(c, "minor"));
}

/* Another highway kind (track, path, ...) is driven at 10 km/h when an access tag opens
 * it (any value but the closed and local-only ones), as OSRM's speed handler; never steps,
 * construction or proposed roads. */
static bool other_way_open(const char *a, const char *hw)
{
    if (!a || is(hw, "steps") || is(hw, "construction") || is(hw, "proposed"))
        return false;
    return access_allowed(a, ZL_ROAD_CAR) && !access_restricted(a, ZL_ROAD_CAR);
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
    else if (is(o, "reversible"))
        w->fwd_kmh = w->bwd_kmh = 0; /* direction changes by time of day: avoided, as OSRM */
}

/* The first of maxspeed:advisory, maxspeed, source:maxspeed, maxspeed:type that is
 * understood, each direction-specific (":forward"/":backward") before plain, as OSRM. */
static double limit_kmh(const tags *t, const char *dir)
{
    static const char *const keys[] = {"maxspeed:advisory", "maxspeed", "source:maxspeed",
                                       "maxspeed:type"};
    for (size_t i = 0; i < N(keys); i++) {
        char k[64];
        snprintf(k, sizeof k, "%s:%s", keys[i], dir);
        const char *v = get(t, k);
        if (!v)
            v = get(t, keys[i]);
        double kmh = zl_road_maxspeed_kmh(v);
        if (kmh > 0)
            return kmh;
    }
    return 0;
}

/* Speed caps on poor surfaces (OSRM car profile surface/tracktype/smoothness tables). */
static const kv surface_kmh[] = {
    {"cement", 80},      {"compacted", 80},   {"fine_gravel", 80}, {"paving_stones", 60},
    {"metal", 60},       {"bricks", 60},      {"grass", 40},       {"wood", 40},
    {"sett", 40},        {"grass_paver", 40}, {"gravel", 40},      {"unpaved", 40},
    {"ground", 40},      {"dirt", 40},        {"pebblestone", 40}, {"tartan", 40},
    {"cobblestone", 30}, {"clay", 30},        {"earth", 20},       {"stone", 20},
    {"rocky", 20},       {"sand", 20},        {"mud", 10},
};
static const kv tracktype_kmh[] = {
    {"grade1", 60}, {"grade2", 40}, {"grade3", 30}, {"grade4", 25}, {"grade5", 20},
};
static const kv smoothness_kmh[] = {
    {"intermediate", 80}, {"bad", 40},          {"very_bad", 20},
    {"horrible", 10},     {"very_horrible", 5}, {"impassable", -1},
};

static double surface_cap(const tags *t, double kmh)
{
    double c[] = {lookup(surface_kmh, N(surface_kmh), get(t, "surface")),
                  lookup(tracktype_kmh, N(tracktype_kmh), get(t, "tracktype")),
                  lookup(smoothness_kmh, N(smoothness_kmh), get(t, "smoothness"))};
    for (size_t i = 0; i < N(c); i++)
        if (c[i] != 0)
            kmh = fmin(kmh, fmax(c[i], 0));
    return kmh;
}

/* Leading digits of a tag value ("2.5" -> 2, as OSRM's %d*), or HUGE_VAL. */
static double leading_int(const char *v)
{
    if (!v || !isdigit((unsigned char)*v))
        return HUGE_VAL;
    return (double)strtol(v, NULL, 10);
}

/* The weight rate (OSRM's penalties handler): weight = time / rate. Service alleys,
 * parking aisles and driveways 0.5, narrow (width <= 3 m or a single lane both ways) 0.5,
 * side roads 0.8, alternating one-way 0.4; the smallest applies. */
static double weight_rate(const tags *t, const zl_road_way *w)
{
    static const char *const slow_service[] = {"alley",    "parking",       "parking_aisle",
                                               "driveway", "drive-through", "drive-thru"};
    double r = 1;
    const char *sv = get(t, "service");
    for (size_t i = 0; sv && i < N(slow_service); i++)
        if (strcmp(sv, slow_service[i]) == 0)
            r = 0.5;
    bool both = w->fwd_kmh > 0 && w->bwd_kmh > 0;
    if (leading_int(get(t, "width")) <= 3 || (leading_int(get(t, "lanes")) <= 1 && both))
        r = fmin(r, 0.5);
    const char *side = get(t, "side_road");
    if (is(side, "yes") || is(side, "rotary"))
        r = fmin(r, 0.8);
    if (is(get(t, "oneway"), "alternating"))
        r = fmin(r, 0.4);
    return r;
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
    w.rate = 1;
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
    if (cls <= 0 && hw && other_way_open(access_value(&t, p), hw))
        cls = 10; /* OSRM's default_speed: a track or path explicitly open to cars */
    if (cls <= 0 || blocked(&t) || (is(get(&t, "service"), "emergency_access") && p == ZL_ROAD_CAR))
        return w;
    const char *acc = access_value(&t, p);
    w.restricted = access_restricted(acc, p);
    if (!w.restricted && !access_allowed(acc, p))
        return w;
    w.fwd_kmh = surface_cap(&t, profile_speed(p, cls, limit_kmh(&t, "forward")));
    w.bwd_kmh = surface_cap(&t, profile_speed(p, cls, limit_kmh(&t, "backward")));
    apply_oneway(&t, hw, &w);
    w.rate = weight_rate(&t, &w);
    w.routable = w.fwd_kmh > 0 || w.bwd_kmh > 0;
    return w;
}

/* A node (OSRM's process_node): a barrier when its access tag closes it to the profile, or
 * without one when its barrier kind is not one a car passes (gates, lift gates, toll
 * booths, cattle grids, border controls, entrances, arches, sally ports, barrier=no and
 * height restrictors above 2 m pass; so do rising bollards and lowered or flush kerbs);
 * a traffic signal when highway=traffic_signals. */
unsigned zl_road_node_eval(zl_road_profile p, const char *const *keys, const char *const *values,
                           size_t n)
{
    tags t = {keys, values, n};
    unsigned f = is(get(&t, "highway"), "traffic_signals") ? ZL_ROAD_NODE_SIGNAL : 0;
    const char *acc = access_value(&t, p);
    if (acc)
        return f | (!access_allowed(acc, p) ? ZL_ROAD_NODE_BARRIER : 0);
    const char *b = get(&t, "barrier");
    if (!b)
        return f;
    static const char *const pass[] = {"cattle_grid", "border_control", "toll_booth",
                                       "sally_port",  "gate",           "lift_gate",
                                       "no",          "entrance",       "arch"};
    for (size_t i = 0; i < N(pass); i++)
        if (strcmp(b, pass[i]) == 0)
            return f;
    if (strcmp(b, "height_restrictor") == 0) {
        const char *h = get(&t, "maxheight");
        double m = h ? strtod(h, NULL) : 0;
        return f | (m > 0 && m < 2.0 ? ZL_ROAD_NODE_BARRIER : 0);
    }
    const char *kerb = get(&t, "kerb");
    if (is(get(&t, "bollard"), "rising") || is(kerb, "lowered") || is(kerb, "flush") ||
        (strcmp(b, "kerb") == 0 && is(get(&t, "highway"), "crossing")))
        return f;
    return f | ZL_ROAD_NODE_BARRIER;
}

double zl_road_turn_s(double a)
{
    const double p = ZL_ROAD_TURN_S, b = ZL_ROAD_TURN_BIAS;
    if (a >= 0)
        return p / (1 + exp(-((13 / b) * a / 180 - 6.5 * b)));
    return p / (1 + exp(-((13 * b) * -a / 180 - 6.5 / b)));
}
