#!/usr/bin/env python3
"""Checks every #include of include/opticplan/ and src/ against the layer rule in layers.txt.

A file belongs to the layer named by its folder (include/opticplan/<layer>/x.h, src/<layer>/...).
It may include its own layer and the layers listed for it; a third-party header listed under
`external` may be included only by the layers named for it. Prints every violation as
file:line: what was included and what the rule allows, and exits 1 if there is any.

  check_layers.py REPO            check the repository
  check_layers.py --self-test     prove the checker catches an upward include and a misplaced library
"""
import pathlib
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def read_rules(path):
    layers, external = {}, []
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        if line.startswith('external '):
            prefix, _, allowed = line[len('external '):].partition(':')
            external.append((prefix.strip(), set(allowed.split())))
            continue
        name, sep, allowed = line.partition(':')
        if not sep:
            sys.exit(f'{path}:{n}: expected "layer: allowed layers..." or "external prefix: layers..."')
        layers[name.strip()] = set(allowed.split()) | {name.strip()}
    for name, allowed in layers.items():
        for a in allowed - set(layers):
            sys.exit(f'{path}: layer {name} allows unknown layer {a}')
    return layers, external


def layer_of(repo, path):
    rel = path.relative_to(repo).parts
    if rel[:2] == ('include', 'opticplan') and len(rel) > 3:
        return rel[2]
    if rel[0] == 'src' and len(rel) > 2:
        return rel[1]
    return None


def check(repo, layers, external):
    problems, files = [], 0
    sources = sorted(list((repo / 'include' / 'opticplan').rglob('*.h')) + list((repo / 'src').rglob('*.h')) +
                     list((repo / 'src').rglob('*.cpp')))
    for path in sources:
        layer = layer_of(repo, path)
        if layer is None:
            continue
        files += 1
        rel = path.relative_to(repo)
        if layer not in layers:
            problems.append(f'{rel}: folder "{layer}" is no layer of layers.txt: add it with the layers it may include')
            continue
        for n, line in enumerate(path.read_text(errors='replace').splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(2)
            if target.startswith('opticplan/'):
                parts = target.split('/')
                to = parts[1] if len(parts) > 2 else None
                if to is not None and to not in layers[layer]:
                    problems.append(f'{rel}:{n}: {layer} includes {target}, but {layer} may include only '
                                    f'{", ".join(sorted(layers[layer]))} (layers.txt)')
                continue
            for prefix, allowed in external:
                if target.startswith(prefix) and layer not in allowed:
                    problems.append(f'{rel}:{n}: {layer} includes <{target}>, which belongs to '
                                    f'{", ".join(sorted(allowed))} (layers.txt)')
    return problems, files


def self_test(rules_path):
    layers, external = read_rules(rules_path)
    with tempfile.TemporaryDirectory() as tmp:
        repo = pathlib.Path(tmp)
        (repo / 'include/opticplan/supply').mkdir(parents=True)
        (repo / 'src/catalog').mkdir(parents=True)
        (repo / 'include/opticplan/supply/model.h').write_text('#include "opticplan/core/units.h"\n')
        (repo / 'src/catalog/x.cpp').write_text('#include "opticplan/catalog/catalog.h"\n'
                                                '#include "opticplan/doc/reader.h"\n#include <yaml-cpp/yaml.h>\n')
        problems, files = check(repo, layers, external)
        expected = ['src/catalog/x.cpp:2: catalog includes opticplan/doc/reader.h',
                    'src/catalog/x.cpp:3: catalog includes <yaml-cpp/yaml.h>']
        ok = files == 2 and len(problems) == 2 and all(p.startswith(e) for p, e in zip(problems, expected))
        print('self-test:', 'ok' if ok else f'FAILED: {problems}')
        return 0 if ok else 1


def main():
    here = pathlib.Path(__file__).resolve().parent
    if sys.argv[1:] == ['--self-test']:
        return self_test(here / 'layers.txt')
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    repo = pathlib.Path(sys.argv[1]).resolve()
    layers, external = read_rules(here / 'layers.txt')
    problems, files = check(repo, layers, external)
    for p in problems:
        print(p)
    print(f'{files} files checked against {len(layers)} layers: {len(problems)} upward or misplaced includes')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
