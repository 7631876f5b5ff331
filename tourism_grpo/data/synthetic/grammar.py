"""German noun phrases declined with the articles, prepositions and pronouns of templates/grammar.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from tourism_grpo.data.synthetic.tables import table


@dataclass(frozen=True)
class NP:
    """A noun phrase that can be declined: gender, nominative and oblique core, location preposition."""

    gender: str | None  # None: a bare proper name without article ("Berlin", "Rügen")
    nom: str
    obl: str
    loc: str = "in"
    gen: str = ""  # genitive core of a masculine or neuter phrase ("Hotels Seeblick"); only venues have one

    def form(self, case: str) -> str:
        """The phrase in a case or after a preposition: "", akk, dat, gen, in, ins, loc, dir, an, bei, zu, ..."""
        words = table("grammar")
        pronouns, dative, accusative = words["pronouns"], words["dative_prepositions"], words["accusative_prepositions"]
        g = self.gender
        if g is None:
            if case in pronouns:
                return pronouns[case]["n"]
            if case in ("", "akk", "dat"):
                return self.nom
            raise KeyError(case)
        if case == "":
            return f"{words['articles']['nom'][g]} {self.nom}"
        if case in ("akk", "dat"):
            core = self.obl if case == "dat" or g == "m" else self.nom
            return f"{words['articles'][case][g]} {core}"
        if case in pronouns:
            return pronouns[case][g]
        if case == "gen":
            if g != "f" and not self.gen:
                raise KeyError(f"no genitive for {self.nom!r}")
            return f"der {self.obl}" if g == "f" else f"des {self.gen}"
        if case == "loc":
            return f"{dative[self.loc][g]} {self.obl}"
        if case == "dir":
            return f"{accusative[self.loc][g]} {self.nom if g != 'm' else self.obl}"
        if case == "ins":
            return f"{accusative['in'][g]} {self.nom if g != 'm' else self.obl}"
        return f"{dative[case][g]} {self.obl}"


def cap(text: str) -> str:
    """Capitalise the first letter only ("im Hotel" -> "Im Hotel")."""
    return text[:1].upper() + text[1:]
