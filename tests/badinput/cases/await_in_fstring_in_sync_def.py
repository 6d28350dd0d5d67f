def label(get):
    return f"<{await get()}>"  # error@16: 'await' outside async function
