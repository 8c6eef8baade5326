"""Question -> answer: route, follow-ups, search and fusion, sentence scoring, facts and quote composition."""
