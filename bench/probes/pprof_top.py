#!/usr/bin/env python3
"""Top functions of Go CPU profiles, by inclusive and by own (flat) share of the samples.

nats-server --profile PORT serves Go's CPU profile at /debug/pprof/profile?seconds=N (a gzipped
protobuf, perftools.profiles.Profile, function names included). Go's own reader, `go tool pprof`,
is not installable here (no Go toolchain in this machine's package sources), so this reads the few
fields a top list needs: samples (location ids, values), locations (function ids), functions
(name index) and the string table.

    python3 bench/probes/pprof_top.py PROFILE.pb.gz [MORE.pb.gz ...]
"""
import collections
import gzip
import sys


def varint(buf, i):
    """A protobuf base-128 varint at buf[i]: (value, index after it)."""
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(buf):
    """(field number, wire type, value) of each field of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            length, i = varint(buf, i)
            value, i = buf[i : i + length], i + length
        elif wire == 1:
            value, i = buf[i : i + 8], i + 8
        elif wire == 5:
            value, i = buf[i : i + 4], i + 4
        else:
            raise ValueError(f"wire type {wire} not in profile.proto")
        yield number, wire, value


def integers(value, wire):
    """A repeated integer field: one varint, or a packed run of them."""
    if wire == 0:
        return [value]
    out, i = [], 0
    while i < len(value):
        number, i = varint(value, i)
        out.append(number)
    return out


def load(path):
    """Samples as (location ids, values), location id -> function ids, function id -> name."""
    samples, locations, function_names, strings = [], {}, {}, []
    for number, wire, value in fields(gzip.open(path).read()):
        if number == 2:  # Sample
            ids, values = [], []
            for n, w, v in fields(value):
                if n == 1:
                    ids += integers(v, w)
                elif n == 2:
                    values += integers(v, w)
            samples.append((ids, values))
        elif number == 4:  # Location: id, lines (each with a function id)
            location, functions = 0, []
            for n, w, v in fields(value):
                if n == 1:
                    location = v
                elif n == 4:
                    functions += [fv for fn, _, fv in fields(v) if fn == 1]
            locations[location] = functions
        elif number == 5:  # Function: id, name (an index into the string table)
            function, name = 0, 0
            for n, w, v in fields(value):
                if n == 1:
                    function = v
                elif n == 2:
                    name = v
            function_names[function] = name
        elif number == 6:
            strings.append(value.decode())
    return samples, locations, {f: strings[n] for f, n in function_names.items()}


def main(paths):
    total = 0
    inclusive, own = collections.Counter(), collections.Counter()
    for path in paths:
        samples, locations, names = load(path)
        for ids, values in samples:
            weight = values[-1]  # the last sample type of a CPU profile: nanoseconds
            total += weight
            stack = [names[f] for location in ids for f in locations.get(location, [])]
            if stack:
                own[stack[0]] += weight
            for name in set(stack):
                inclusive[name] += weight
    print(f"total {total / 1e9:.2f} s of CPU")
    for name, weight in inclusive.most_common(40):
        print(f"{100 * weight / total:5.1f}% incl {name}")
    print("--- own")
    for name, weight in own.most_common(15):
        print(f"{100 * weight / total:5.1f}% own  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
